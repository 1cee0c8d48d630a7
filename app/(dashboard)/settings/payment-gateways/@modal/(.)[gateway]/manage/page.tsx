import { GatewayPanel, gatewayPanelMetadata } from '@/components/gateways/gateway-panel';

type Props = { params: Promise<{ gateway: string }> };

export const generateMetadata = ({ params }: Props) => gatewayPanelMetadata(params, 'manage');

export default function ManagePopup({ params }: Props) {
  return <GatewayPanel params={params} view="manage" frame="dialog" />;
}
