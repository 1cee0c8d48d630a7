// Mock Pay accounts: `Authorization: Bearer <API key>`, `GET /v1/account`, and the control routes that create an
// account and set its webhook URL (docs/mockpay-api.md "Credentials", "Simulator control").
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError, headerValue, json, type Router, type SimRequest } from '../http';
import { randomHex } from '../random';
import { controlBody, httpUrl } from './requests';
import { CURRENCY, nowIso, type MockPayAccount, type MockPayContext } from './state';

const webhookUrlSchema = z.object({ url: httpUrl.nullable() });

/** Equal-length digests, so comparing keys of different lengths is still constant-time. */
function sameKey(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function authenticate(ctx: MockPayContext, request: SimRequest): MockPayAccount {
  const key = headerValue(request.headers, 'authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const account = key === undefined ? undefined : [...ctx.accounts.values()].find((candidate) => sameKey(key, candidate.apiKey));
  // One answer for a missing and a wrong key.
  if (!account) throw new HttpError(401, 'unauthorized', 'missing or invalid API key');
  return account;
}

export function accountById(ctx: MockPayContext, id: string): MockPayAccount {
  const account = ctx.accounts.get(id);
  if (!account) throw new HttpError(404, 'not_found', `no simulated Mock Pay account ${id}`);
  return account;
}

export function addAccountRoutes(api: Router, ctx: MockPayContext): void {
  api.add('GET', '/v1/account', (request) => json(200, { id: authenticate(ctx, request).id, currency: CURRENCY }));
}

export function addAccountControlRoutes(control: Router, ctx: MockPayContext): void {
  control
    .add('POST', '/accounts', async (request) => {
      await controlBody(request, z.object({}));
      // `mk_` + 8–64 of [A-Za-z0-9]: hex is a subset.
      const account: MockPayAccount = { id: `acct_${randomHex(16)}`, apiKey: `mk_${randomHex(32)}`, webhookUrl: null, created: nowIso() };
      ctx.accounts.set(account.id, account);
      return json(201, { id: account.id, apiKey: account.apiKey });
    })
    .add('POST', '/accounts/:id/webhook', async (request) => {
      const account = accountById(ctx, request.params.id ?? '');
      const { url } = await controlBody(request, webhookUrlSchema);
      account.webhookUrl = url;
      return json(200, { id: account.id, url });
    });
}
