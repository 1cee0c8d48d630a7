// Where Secure and Pay's API is: production (our assumed contract, docs/secureandpay-api.md), or
// SECUREANDPAY_API_URL (the bundled simulator offline).
import 'server-only';
import { gatewayApiUrl } from '@/core/env';

export const SECUREANDPAY_PRODUCTION_API_URL = 'https://api.secureandpay.com';

export const secureandpayApiUrl = () => gatewayApiUrl('secureandpay', SECUREANDPAY_PRODUCTION_API_URL);
