// Where Mercado Pago's API is: production, or MERCADOPAGO_API_URL (the bundled simulator offline).
import 'server-only';
import { gatewayApiUrl } from '@/core/env';

export const MERCADOPAGO_PRODUCTION_API_URL = 'https://api.mercadopago.com';

export const mercadopagoApiUrl = () => gatewayApiUrl('mercadopago', MERCADOPAGO_PRODUCTION_API_URL);
