import { GatewayPanel, gatewayPanelMetadata } from '@/components/gateways/gateway-panel';

type Props = { params: Promise<{ gateway: string }> };

export const generateMetadata = ({ params }: Props) => gatewayPanelMetadata(params, 'manage');

export default function ManagePage({ params }: Props) {
  return <GatewayPanel params={params} view="manage" frame="page" />;
}
