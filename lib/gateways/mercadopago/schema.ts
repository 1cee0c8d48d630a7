// The Mercado Pago connect and update forms' schema, shared by the popup (client) and its server action.
// Messages are keys under "errors" in messages/*.json. No server imports here.
import { z } from 'zod';
import { MERCADOPAGO_COUNTRIES, type MercadoPagoCountryId } from './countries';

/** Mercado Pago credentials: production ones start with APP_USR-, test ones with TEST- (GW-MP1, docs/requirements.md). */
const CREDENTIAL = /^(APP_USR|TEST)-[A-Za-z0-9_-]{6,}$/;

export const MERCADOPAGO_COUNTRY_IDS = MERCADOPAGO_COUNTRIES.map((country) => country.countryId) as [MercadoPagoCountryId, ...MercadoPagoCountryId[]];
export type { MercadoPagoCountryId };

export const credentialMode = (value: string): 'live' | 'test' => (value.startsWith('TEST-') ? 'test' : 'live');

const publicKey = z.string().trim().min(1, 'mpEnterPublicKey').regex(CREDENTIAL, 'mpPublicKeyFormat');
const accessToken = z.string().trim().min(1, 'mpEnterAccessToken').regex(CREDENTIAL, 'mpAccessTokenFormat');
const country = z.enum(MERCADOPAGO_COUNTRY_IDS, { error: 'mpChooseCountry' });
/** Mercado Pago's "secret signature" (Your integrations → Webhooks). Optional: without it, notifications are unverified. */
const webhookSecret = z.string().trim().max(200, 'mpWebhookSecretFormat').regex(/^[\x21-\x7e]*$/, 'mpWebhookSecretFormat');

/** The public key and the access token must both be production or both be test credentials. */
function sameMode(data: { publicKey: string; accessToken: string }, context: z.RefinementCtx) {
  if (data.accessToken && credentialMode(data.publicKey) !== credentialMode(data.accessToken)) {
    context.addIssue({ code: 'custom', path: ['accessToken'], message: 'mpMixedModes' });
  }
}

export const mercadopagoConnectSchema = z.object({ publicKey, accessToken, country, webhookSecret }).superRefine(sameMode);
export type MercadoPagoConnectInput = z.input<typeof mercadopagoConnectSchema>;

/** Updating: an empty access token or webhook secret keeps the stored one. */
export const mercadopagoUpdateSchema = z
  .object({
    publicKey,
    accessToken: z.string().trim().refine((value) => value === '' || CREDENTIAL.test(value), 'mpAccessTokenFormat'),
    country,
    webhookSecret,
  })
  .superRefine(sameMode);
export type MercadoPagoUpdateInput = z.input<typeof mercadopagoUpdateSchema>;
