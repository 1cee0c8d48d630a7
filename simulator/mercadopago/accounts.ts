// Mercado Pago accounts: the credentials a merchant gets, `GET /users/me`, and the control routes that create an
// account and save its webhook URL (Your integrations → Webhooks).
import { z } from 'zod';
import { HttpError, headerValue, json, type Router, type SimRequest } from '../http';
import { randomDigits, randomHex, randomUuid } from '../random';
import { COUNTRIES } from './countries';
import { controlBody, httpUrl } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount } from './state';
import { nowIso } from './time';

const createAccountSchema = z.object({
  country: z.enum(['BR', 'CO', 'MX', 'AR']),
  mode: z.enum(['live', 'test']).default('live'),
  nickname: z.string().min(1).max(60).optional(),
  email: z.email().optional(),
  firstName: z.string().min(1).max(60).optional(),
  lastName: z.string().min(1).max(60).optional(),
});

const webhookUrlSchema = z.object({ url: httpUrl.nullable() });

/**
 * Credentials shaped like real ones: production `APP_USR-`, test `TEST-`; the access token is
 * `<prefix>-<application id, 16 digits>-<MMDDHH>-<32 hex>-<user id>` and the public key `<prefix>-<uuid>`.
 */
function issueCredentials(mode: 'live' | 'test', userId: number) {
  const prefix = mode === 'live' ? 'APP_USR' : 'TEST';
  const now = new Date();
  const stamp = [now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours()].map((n) => String(n).padStart(2, '0')).join('');
  const applicationId = randomDigits(16);
  return {
    applicationId: Number(applicationId.slice(0, 15)), // kept a safe integer; the token shows all 16 digits
    accessToken: `${prefix}-${applicationId}-${stamp}-${randomHex(32)}-${userId}`,
    publicKey: `${prefix}-${randomUuid()}`,
    webhookSecret: randomHex(64),
  };
}

/** The account of the request's `Authorization: Bearer <access token>`, or Mercado Pago's 401. */
export function authenticate(ctx: MercadoPagoContext, request: SimRequest): MercadoPagoSimAccount {
  const header = headerValue(request.headers, 'authorization');
  const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!token) {
    // The real API's answer to a call without a token (code 5), e.g. https://github.com/mercadopago/sdk-php/issues/118
    const message = 'Must provide your access_token to proceed';
    throw new HttpError(401, 'unauthorized', message, [{ code: 5, description: message, data: null }]);
  }
  const account = ctx.accounts.get(token);
  if (!account) throw new HttpError(401, 'unauthorized', 'invalid access token');
  return account;
}

/** For the control API: the account named in its body or path, or a 404. */
export function accountById(ctx: MercadoPagoContext, userId: number): MercadoPagoSimAccount {
  const account = ctx.accountsById.get(userId);
  if (!account) throw new HttpError(404, 'not_found', `no simulated Mercado Pago account ${userId}`);
  return account;
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

export function addAccountRoutes(api: Router, ctx: MercadoPagoContext): void {
  api.add('GET', '/users/me', (request) => json(200, userResource(authenticate(ctx, request))));
}

export function addAccountControlRoutes(control: Router, ctx: MercadoPagoContext): void {
  control
    .add('POST', '/accounts', async (request) => {
      const input = await controlBody(request, createAccountSchema);
      const countryInfo = COUNTRIES[input.country];
      const userId = Number(randomDigits(10));
      const test = input.mode === 'test';
      const account: MercadoPagoSimAccount = {
        userId,
        mode: input.mode,
        countryId: input.country,
        siteId: countryInfo.siteId,
        ...issueCredentials(input.mode, userId),
        webhookUrl: null,
        // Real test users are called TESTUSER<digits> with a test_user_<digits>@testuser.com address.
        nickname: input.nickname ?? (test ? `TESTUSER${randomDigits(9)}` : `LOJA${input.country}${randomDigits(6)}`),
        email: input.email ?? (test ? `test_user_${randomDigits(8)}@testuser.com` : `merchant.${userId}@example.com`),
        firstName: input.firstName ?? countryInfo.firstName,
        lastName: input.lastName ?? countryInfo.lastName,
        identificationNumber: randomDigits(countryInfo.identificationDigits),
        registrationDate: nowIso(),
      };
      ctx.accounts.set(account.accessToken, account);
      ctx.accountsById.set(account.userId, account);
      return json(201, {
        userId: account.userId,
        mode: account.mode,
        publicKey: account.publicKey,
        accessToken: account.accessToken,
        webhookSecret: account.webhookSecret,
        siteId: account.siteId,
        countryId: account.countryId,
        currencyId: countryInfo.currency,
        nickname: account.nickname,
        email: account.email,
      });
    })
    .add('POST', '/accounts/:userId/webhook', async (request) => {
      const account = accountById(ctx, Number(request.params.userId));
      const { url } = await controlBody(request, webhookUrlSchema);
      account.webhookUrl = url;
      return json(200, { userId: account.userId, url });
    });
}
