import { GatewayPanel } from '@/components/gateways/gateway-panel';

export default function ConnectPopup({ params }: { params: Promise<{ gateway: string }> }) {
  return <GatewayPanel params={params} view="connect" frame="dialog" />;
}
