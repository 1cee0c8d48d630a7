// Connecting Mercado Pago: the access token is checked with Mercado Pago itself (GET /users/me) before anything
// is saved; the account's country must be the one the merchant chose (MP2: one country per account).
import 'server-only';
import type { FormState } from '@/lib/form-state';
import { defineConnect } from '@/lib/gateways/adapter-types';
import { readActiveSecret, saveConnection } from '@/lib/gateways/connections';
import { getCurrentUser } from './api';
import { mercadopagoApiUrl } from './api-url';
import { credentialMode, mercadopagoConnectSchema, mercadopagoUpdateSchema, type MercadoPagoCountryId } from './schema';

type Input = { publicKey: string; accessToken: string; country: MercadoPagoCountryId; webhookSecret: string };

/** Connects, or updates when an account is connected; an empty access token or webhook secret keeps the stored one. */
export async function saveMercadoPagoConnection(merchantId: string, input: Input): Promise<FormState> {
  const accessToken = input.accessToken || (await readActiveSecret(merchantId, 'mercadopago', 'accessToken'));
  if (!accessToken) return { status: 'error', fieldErrors: { accessToken: ['mpEnterAccessToken'] } };
  if (credentialMode(accessToken) !== credentialMode(input.publicKey)) {
    return { status: 'error', fieldErrors: { publicKey: ['mpMixedModes'] } };
  }

  const result = await getCurrentUser({ baseUrl: mercadopagoApiUrl(), accessToken });
  if (!result.ok) {
    return result.reason === 'unauthorized'
      ? { status: 'error', message: 'errors.mpTokenRejected', fieldErrors: { accessToken: ['mpTokenRejected'] } }
      : { status: 'error', message: 'errors.mpUnreachable' };
  }
  if (!result.user.country) return { status: 'error', fieldErrors: { country: ['mpUnsupportedCountry'] } };
  if (result.user.country.countryId !== input.country) {
    return { status: 'error', fieldErrors: { country: [`mpCountryMismatch${result.user.country.countryId}`] } };
  }

  await saveConnection({
    merchantId,
    gateway: 'mercadopago',
    mode: credentialMode(accessToken),
    country: input.country,
    externalAccountId: String(result.user.id),
    publicCredentials: { publicKey: input.publicKey },
    secrets: { accessToken, ...(input.webhookSecret ? { webhookSecret: input.webhookSecret } : {}) },
  });
  return { status: 'success', message: 'connect.saved' };
}

export const mercadopagoConnect = defineConnect({
  secretFields: ['accessToken', 'webhookSecret'],
  connect: { schema: mercadopagoConnectSchema, save: saveMercadoPagoConnection },
  update: { schema: mercadopagoUpdateSchema, save: saveMercadoPagoConnection },
});
