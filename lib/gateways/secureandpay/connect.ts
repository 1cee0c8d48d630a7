// Connecting Secure and Pay: the Site ID and API secret key are checked against Secure and Pay's API
// (assumed contract, docs/secureandpay-api.md) before anything is saved.
import 'server-only';
import type { FormState } from '@/lib/form-state';
import { defineConnect } from '@/lib/gateways/adapter-types';
import { readActiveSecret, saveConnection } from '@/lib/gateways/connections';
import { verifySiteCredentials } from './api';
import { secureandpayApiUrl } from './api-url';
import { secureandpayConnectSchema, secureandpayUpdateSchema } from './schema';

type Input = { siteId: string; apiSecret: string };

/** Connects, or updates when an account is connected; an empty API secret key keeps the stored one. */
export async function saveSecureAndPayConnection(merchantId: string, input: Input): Promise<FormState> {
  const apiSecret = input.apiSecret || (await readActiveSecret(merchantId, 'secureandpay', 'apiSecret'));
  if (!apiSecret) return { status: 'error', fieldErrors: { apiSecret: ['spEnterApiSecret'] } };

  const result = await verifySiteCredentials({ baseUrl: secureandpayApiUrl(), siteId: input.siteId, apiSecret });
  if (!result.ok) {
    return result.reason === 'unauthorized'
      ? { status: 'error', message: 'errors.spCredentialsRejected', fieldErrors: { apiSecret: ['spCredentialsRejected'] } }
      : { status: 'error', message: 'errors.spUnreachable' };
  }

  await saveConnection({
    merchantId,
    gateway: 'secureandpay',
    mode: 'live',
    externalAccountId: input.siteId,
    publicCredentials: { siteId: input.siteId },
    secrets: { apiSecret },
  });
  return { status: 'success', message: 'connect.saved' };
}

export const secureandpayConnect = defineConnect({
  secretFields: ['apiSecret'],
  connect: { schema: secureandpayConnectSchema, save: saveSecureAndPayConnection },
  update: { schema: secureandpayUpdateSchema, save: saveSecureAndPayConnection },
});
