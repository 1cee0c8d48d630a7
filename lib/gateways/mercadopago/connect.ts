// Connecting Mercado Pago: the access token is checked with Mercado Pago itself (GET /users/me) before anything
// is saved; the account's country must be the one the merchant chose (MP2: one country per account).
import 'server-only';
import type { FormState } from '@/lib/form-state';
import { defineConnect, type GatewayAccountIdentity, type VerifiedCredentials } from '@/lib/gateways/adapter-types';
import { readActiveSecret, saveConnection } from '@/lib/gateways/connections';
import { getCurrentUser } from './api';
import { mercadopagoApiUrl } from './api-url';
import { credentialMode, mercadopagoConnectSchema, mercadopagoUpdateSchema, type MercadoPagoCountryId } from './schema';

type Input = { publicKey: string; accessToken: string; country: MercadoPagoCountryId; webhookSecret: string };

/** The account an access token opens, as Mercado Pago names it (GET /users/me: id, nickname, email). */
const identityOf = (user: { id: number; nickname: string; email: string }): GatewayAccountIdentity => ({ id: String(user.id), name: user.nickname, email: user.email });

/**
 * Checks the credentials with Mercado Pago (nothing saved yet); an empty access token or webhook secret keeps the
 * stored one. Saving connects, or updates when an account is connected.
 */
export async function verifyMercadoPagoCredentials(merchantId: string, input: Input): Promise<VerifiedCredentials> {
  const fail = (state: FormState): VerifiedCredentials => ({ ok: false, state });
  const accessToken = input.accessToken || (await readActiveSecret(merchantId, 'mercadopago', 'accessToken'));
  if (!accessToken) return fail({ status: 'error', fieldErrors: { accessToken: ['mpEnterAccessToken'] } });
  if (credentialMode(accessToken) !== credentialMode(input.publicKey)) {
    return fail({ status: 'error', fieldErrors: { publicKey: ['mpMixedModes'] } });
  }

  const result = await getCurrentUser({ baseUrl: mercadopagoApiUrl(), accessToken });
  if (!result.ok) {
    return fail(
      result.reason === 'unauthorized'
        ? { status: 'error', message: 'errors.mpTokenRejected', fieldErrors: { accessToken: ['mpTokenRejected'] } }
        : { status: 'error', message: 'errors.mpUnreachable' },
    );
  }
  const { user } = result;
  if (!user.country) return fail({ status: 'error', fieldErrors: { country: ['mpUnsupportedCountry'] } });
  if (user.country.countryId !== input.country) {
    return fail({ status: 'error', fieldErrors: { country: [`mpCountryMismatch${user.country.countryId}`] } });
  }

  return {
    ok: true,
    account: identityOf(user),
    // The secret signature belongs to an application (Your integrations → your application → Webhooks; GATEWAYS.md
    // "Signature"): another account's application signs with its own, so the stored one cannot be kept.
    switchNeeds: input.webhookSecret ? {} : { webhookSecret: ['mpSwitchNeedsSecret'] },
    describeConnected: async (userId) => {
      const stored = await readActiveSecret(merchantId, 'mercadopago', 'accessToken');
      if (!stored) return null;
      const connected = await getCurrentUser({ baseUrl: mercadopagoApiUrl(), accessToken: stored });
      return connected.ok && String(connected.user.id) === userId ? identityOf(connected.user) : null;
    },
    save: async () => {
      await saveConnection({
        merchantId,
        gateway: 'mercadopago',
        mode: credentialMode(accessToken),
        country: input.country,
        externalAccountId: String(user.id),
        publicCredentials: { publicKey: input.publicKey },
        secrets: { accessToken, ...(input.webhookSecret ? { webhookSecret: input.webhookSecret } : {}) },
      });
      return { status: 'success', message: 'connect.saved' };
    },
  };
}

export const mercadopagoConnect = defineConnect({
  gateway: 'mercadopago',
  secretFields: ['accessToken', 'webhookSecret'],
  connect: { schema: mercadopagoConnectSchema, verify: verifyMercadoPagoCredentials },
  update: { schema: mercadopagoUpdateSchema, verify: verifyMercadoPagoCredentials },
});
