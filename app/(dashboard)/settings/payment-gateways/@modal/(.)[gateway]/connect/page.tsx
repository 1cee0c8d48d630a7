import { GatewayPanel, gatewayPanelMetadata } from '@/components/gateways/gateway-panel';

type Props = { params: Promise<{ gateway: string }> };

export const generateMetadata = ({ params }: Props) => gatewayPanelMetadata(params, 'connect');

export default function ConnectPopup({ params }: Props) {
  return <GatewayPanel params={params} view="connect" frame="dialog" />;
}
