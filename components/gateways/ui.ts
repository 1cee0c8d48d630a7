// The UI registry: each gateway's Connect / Manage pieces (./ui-types.ts), one line per gateway; the Record type
// makes a missing gateway a compile error.
import type { GatewayId } from '@/core/gateway-ids';
import { mercadopagoUi } from './mercadopago/ui';
import { mockpayUi } from './mockpay/ui';
import { secureandpayUi } from './secureandpay/ui';
import type { GatewayUi } from './ui-types';

export const GATEWAY_UI: Record<GatewayId, GatewayUi> = {
  mercadopago: mercadopagoUi,
  secureandpay: secureandpayUi,
  mockpay: mockpayUi,
};
