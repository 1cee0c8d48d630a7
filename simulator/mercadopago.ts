// Simulated Mercado Pago: accounts with realistic credentials, and the API routes the app calls, under /mercadopago.
// Shapes follow Mercado Pago's public API (https://www.mercadopago.com/developers/en/reference) and the official
// Node SDK's response types (npm `mercadopago` 3.x). Its own small country table on purpose: the simulator stands
// in for the gateway, so it must not share the app's facts (a wrong fact would then pass its own tests).
import { z } from 'zod';
import { HttpError, Router, headerValue, json, type SimRequest, type SimResponse } from './http';
import { initialAvailability, type SimulatedGateway } from './gateway-module';
import { randomDigits, randomHex, randomUuid } from './random';

const COUNTRIES = {
  BR: { siteId: 'MLB', identificationType: 'CPF', identificationDigits: 11, profileHost: 'perfil.mercadolivre.com.br', firstName: 'Ana', lastName: 'Souza' },
  CO: { siteId: 'MCO', identificationType: 'CC', identificationDigits: 10, profileHost: 'perfil.mercadolibre.com.co', firstName: 'Camila', lastName: 'Restrepo' },
  MX: { siteId: 'MLM', identificationType: 'RFC', identificationDigits: 13, profileHost: 'perfil.mercadolibre.com.mx', firstName: 'Sofía', lastName: 'Hernández' },
  AR: { siteId: 'MLA', identificationType: 'DNI', identificationDigits: 8, profileHost: 'perfil.mercadolibre.com.ar', firstName: 'Lucía', lastName: 'Fernández' },
} as const;

type CountryId = keyof typeof COUNTRIES;

export type MercadoPagoSimAccount = {
  userId: number;
  mode: 'live' | 'test';
  countryId: CountryId;
  siteId: (typeof COUNTRIES)[CountryId]['siteId'];
  publicKey: string;
  accessToken: string;
  /** The application's "secret signature" (Your integrations → Webhooks), which signs notifications. */
  webhookSecret: string;
  nickname: string;
  firstName: string;
  lastName: string;
  email: string;
  identificationNumber: string;
  registrationDate: string;
};

const createAccountSchema = z.object({
  country: z.enum(['BR', 'CO', 'MX', 'AR']),
  mode: z.enum(['live', 'test']).default('live'),
  nickname: z.string().min(1).max(60).optional(),
  email: z.email().optional(),
  firstName: z.string().min(1).max(60).optional(),
  lastName: z.string().min(1).max(60).optional(),
});

/**
 * Credentials shaped like real ones: production `APP_USR-`, test `TEST-`; the access token is
 * `<prefix>-<application id, 16 digits>-<MMDDHH>-<32 hex>-<user id>` and the public key `<prefix>-<uuid>`.
 */
function issueCredentials(mode: 'live' | 'test', userId: number) {
  const prefix = mode === 'live' ? 'APP_USR' : 'TEST';
  const now = new Date();
  const stamp = [now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours()].map((n) => String(n).padStart(2, '0')).join('');
  return {
    accessToken: `${prefix}-${randomDigits(16)}-${stamp}-${randomHex(32)}-${userId}`,
    publicKey: `${prefix}-${randomUuid()}`,
    webhookSecret: randomHex(64),
  };
}

/** Mercado Pago's error body: `{ message, error, status, cause: [...] }` (seen on every API of api.mercadopago.com). */
function renderError(error: HttpError): SimResponse {
  return json(error.status, { message: error.message, error: error.code, status: error.status, cause: error.details });
}

export function createMercadoPagoSimulator(): SimulatedGateway & {
  readonly accounts: ReadonlyMap<string, MercadoPagoSimAccount>;
} {
  const accounts = new Map<string, MercadoPagoSimAccount>(); // by access token
  const availability = initialAvailability();

  function authenticate(request: SimRequest): MercadoPagoSimAccount {
    const header = headerValue(request.headers, 'authorization');
    const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!token) {
      // The real API's answer to a call without a token (code 5), e.g. https://github.com/mercadopago/sdk-php/issues/118
      const message = 'Must provide your access_token to proceed';
      throw new HttpError(401, 'unauthorized', message, [{ code: 5, description: message, data: null }]);
    }
    const account = accounts.get(token);
    if (!account) throw new HttpError(401, 'unauthorized', 'invalid access token');
    return account;
  }

  const api = new Router().add('GET', '/users/me', (request) => json(200, userResource(authenticate(request))));

  const control = new Router().add('POST', '/accounts', async (request) => {
    const parsed = createAccountSchema.safeParse((await request.json()) ?? {});
    if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
    const input = parsed.data;
    const country = COUNTRIES[input.country];
    const userId = Number(randomDigits(10));
    const test = input.mode === 'test';
    const account: MercadoPagoSimAccount = {
      userId,
      mode: input.mode,
      countryId: input.country,
      siteId: country.siteId,
      ...issueCredentials(input.mode, userId),
      // Real test users are called TESTUSER<digits> with a test_user_<digits>@testuser.com address.
      nickname: input.nickname ?? (test ? `TESTUSER${randomDigits(9)}` : `LOJA${input.country}${randomDigits(6)}`),
      email: input.email ?? (test ? `test_user_${randomDigits(8)}@testuser.com` : `merchant.${userId}@example.com`),
      firstName: input.firstName ?? country.firstName,
      lastName: input.lastName ?? country.lastName,
      identificationNumber: randomDigits(country.identificationDigits),
      registrationDate: new Date().toISOString(),
    };
    accounts.set(account.accessToken, account);
    return json(201, {
      userId: account.userId,
      mode: account.mode,
      publicKey: account.publicKey,
      accessToken: account.accessToken,
      webhookSecret: account.webhookSecret,
      siteId: account.siteId,
      countryId: account.countryId,
      nickname: account.nickname,
      email: account.email,
    });
  });

  return {
    id: 'mercadopago',
    api,
    control,
    availability,
    accounts,
    renderError,
    reset() {
      accounts.clear();
      Object.assign(availability, initialAvailability());
    },
  };
}

/**
 * `GET /users/me`, with the wire's snake_case names. The SDK's `UserResponse` type
 * (sdk-nodejs src/clients/user/get/types.ts) spells a few of them in camelCase (`siteId`, `countryId`) and one
 * as `contry_id`; the API itself sends `site_id` and `country_id`, as the Java and .NET SDKs map them.
 */
function userResource(account: MercadoPagoSimAccount) {
  const country = COUNTRIES[account.countryId];
  return {
    id: account.userId,
    nickname: account.nickname,
    registration_date: account.registrationDate,
    first_name: account.firstName,
    last_name: account.lastName,
    gender: '',
    country_id: account.countryId,
    email: account.email,
    identification: { number: account.identificationNumber, type: country.identificationType },
    address: { address: null, city: null, state: null, zip_code: null },
    phone: { area_code: null, extension: '', number: null, verified: false },
    alternative_phone: { area_code: '', extension: '', number: '' },
    user_type: 'normal',
    tags: account.mode === 'test' ? ['normal', 'test_user'] : ['normal'],
    logo: null,
    points: 0,
    site_id: account.siteId,
    permalink: `http://${country.profileHost}/${encodeURIComponent(account.nickname)}`,
    seller_experience: 'NEWBIE',
    bill_data: { accept_credit_note: null },
    status: {
      site_status: 'active',
      confirmed_email: true,
      user_type: 'normal',
      mercadopago_account_type: 'personal',
      mercadopago_tc_accepted: true,
      required_action: null,
    },
    registration_identifiers: [],
  };
}
