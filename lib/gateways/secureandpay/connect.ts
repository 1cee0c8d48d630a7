// Connecting Secure and Pay: the Site ID and API secret key are checked against Secure and Pay's API
// (assumed contract, docs/secureandpay-api.md) before anything is saved.
import 'server-only';
import { defineConnect, type VerifiedCredentials } from '@/lib/gateways/adapter-types';
import { readActiveSecret, saveConnection } from '@/lib/gateways/connections';
import { verifySiteCredentials } from './api';
import { secureandpayApiUrl } from './api-url';
import { secureandpayConnectSchema, secureandpayUpdateSchema } from './schema';

type Input = { siteId: string; apiSecret: string };

/**
 * Checks the Site ID and API secret key with Secure and Pay (nothing saved yet); an empty API secret key keeps the
 * stored one. The site is the account: another Site ID is another account, whose API secret key also signs its
 * notifications (docs/secureandpay-api.md), so a switch needs nothing beyond the key the check already used.
 */
export async function verifySecureAndPayCredentials(merchantId: string, input: Input): Promise<VerifiedCredentials> {
  const apiSecret = input.apiSecret || (await readActiveSecret(merchantId, 'secureandpay', 'apiSecret'));
  if (!apiSecret) return { ok: false, state: { status: 'error', fieldErrors: { apiSecret: ['spEnterApiSecret'] } } };

  const result = await verifySiteCredentials({ baseUrl: secureandpayApiUrl(), siteId: input.siteId, apiSecret });
  if (!result.ok) {
    return {
      ok: false,
      state:
        result.reason === 'unauthorized'
          ? { status: 'error', message: 'errors.spCredentialsRejected', fieldErrors: { apiSecret: ['spCredentialsRejected'] } }
          : { status: 'error', message: 'errors.spUnreachable' },
    };
  }

  return {
    ok: true,
    account: { id: result.site.siteId, name: result.site.name, email: null },
    switchNeeds: {},
    describeConnected: async (siteId) => {
      const stored = await readActiveSecret(merchantId, 'secureandpay', 'apiSecret');
      const connected = stored ? await verifySiteCredentials({ baseUrl: secureandpayApiUrl(), siteId, apiSecret: stored }) : null;
      return connected?.ok ? { id: connected.site.siteId, name: connected.site.name, email: null } : null;
    },
    save: async () => {
      await saveConnection({
        merchantId,
        gateway: 'secureandpay',
        mode: 'live',
        externalAccountId: input.siteId,
        publicCredentials: { siteId: input.siteId },
        secrets: { apiSecret },
      });
      return { status: 'success', message: 'connect.saved' };
    },
  };
}

export const secureandpayConnect = defineConnect({
  gateway: 'secureandpay',
  secretFields: ['apiSecret'],
  connect: { schema: secureandpayConnectSchema, verify: verifySecureAndPayCredentials },
  update: { schema: secureandpayUpdateSchema, verify: verifySecureAndPayCredentials },
});
