import { GatewayPanel } from '@/components/gateways/gateway-panel';

export default function ManagePage({ params }: { params: Promise<{ gateway: string }> }) {
  return <GatewayPanel params={params} view="manage" frame="page" />;
}
