import { GatewayPanel } from '@/components/gateways/gateway-panel';

export default function ConnectPage({ params }: { params: Promise<{ gateway: string }> }) {
  return <GatewayPanel params={params} view="connect" frame="page" />;
}
