// The front door for gateway notifications: method → size limit → account → gateway verification → one insert →
// answer. No gateway calls and no business work here: Mercado Pago wants an answer within 22 seconds, Secure and Pay
// within 10, and a 2xx must mean the notification is on disk. Processing happens after the answer (worker.ts).
//
// It works on Node's own request (pages/api/webhooks/[gateway]/[accountId].ts says why): the raw bytes come straight
// off the socket, and the answer is plain data the route writes.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { getDb } from '@/db';
import { SecretUnavailableError } from '@/lib/crypto/secrets';
import { findGateway } from '@/lib/gateways/adapters';
import { openAccountSecret } from '@/lib/gateways/secrets';
import { log } from '@/lib/server/log';
import { forgetAccount, recallAccount, rememberAccount, type RememberedAccount } from './account-cache';
import { countRejection, findWebhookAccount, storeNotification } from '@/db/queries/webhook-events';
import type { HeaderReader, WebhookRequest } from './types';

/** 256 KiB: gateway notifications are a few hundred bytes; anything near this is not one. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/** Well inside both gateways' answer deadlines (10 s and 22 s): past this, answer 503 and let the gateway retry. */
export const STORE_TIMEOUT_MS = 8_000;

/**
 * The whole body must arrive within this, counted from the route's start (headers received): a gateway sends a few
 * hundred bytes at once, so a body still trickling in after 10 s is a slow-loris client, answered 408 and cut off.
 * Reading waits on socket events and one timer, before any database work: a slow body holds neither the event loop
 * nor a database connection.
 */
export const BODY_TIMEOUT_MS = 10_000;

/** Public ids are 24 base64url characters (newPublicId); a loose bound keeps junk away from the database. */
const PUBLIC_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A stored header value is cut here; the verifiers have already refused anything longer that matters. */
const MAX_KEPT_HEADER_LENGTH = 1024;

/** The route's path: /api/webhooks/<gateway>/<accountId>. */
const WEBHOOK_PATH = /^\/api\/webhooks\/([^/?#]*)\/([^/?#]*)$/;

/** What the route writes back. `stored` is true when this request put a new notification in the inbox. */
export type WebhookAnswer = {
  status: number;
  headers: Record<string, string>;
  body: string;
  stored: boolean;
};

type WebhookParams = { gateway: string; accountId: string };

class BodyTooLargeError extends Error {}
class BodyTimeoutError extends Error {}

function answer(status: number, body: Record<string, string>, requestId: string, headers: Record<string, string> = {}): WebhookAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
    stored: false,
  };
}

/** The dynamic segments of the path, decoded; empty strings (a 404) when the path is not the route's. */
function webhookParams(pathname: string): WebhookParams {
  const match = WEBHOOK_PATH.exec(pathname);
  if (!match) return { gateway: '', accountId: '' };
  try {
    return { gateway: decodeURIComponent(match[1] ?? ''), accountId: decodeURIComponent(match[2] ?? '') };
  } catch {
    return { gateway: '', accountId: '' };
  }
}

/** Node's header record read like a web `Headers`: repeated headers joined with ", " as `Headers.get` does. */
function nodeHeaders(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * Reads the body as bytes, refusing past `limit` (declared or actual) or past `timeoutMs` without reading the rest:
 * the request is left paused, and the 413 or 408 closes the connection (Node discards what was not read).
 */
function readLimitedBody(request: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      request.pause();
      settle(() => reject(new BodyTimeoutError()));
    }, timeoutMs);
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onFailure).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        request.pause();
        settle(() => reject(new BodyTooLargeError()));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const onFailure = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(new Error('the client closed the connection before the body ended')));
    request.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onClose);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rejectTimeout) => {
    timer = setTimeout(() => rejectTimeout(new Error(`database did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function keptHeaders(headers: HeaderReader, names: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value.slice(0, MAX_KEPT_HEADER_LENGTH);
  }
  return kept;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

export async function receiveWebhook(request: IncomingMessage): Promise<WebhookAnswer> {
  const now = new Date();
  const requestId = randomUUID();
  const url = new URL(request.url ?? '/', 'http://webhook.invalid');
  const params = webhookParams(url.pathname);
  const context = { requestId, gateway: params.gateway.slice(0, 32), account: params.accountId.slice(0, 64) };

  if (request.method !== 'POST') {
    return answer(405, { error: 'method_not_allowed' }, requestId, { allow: 'POST' });
  }

  let rawBody: Buffer;
  try {
    rawBody = await readLimitedBody(request, MAX_WEBHOOK_BODY_BYTES, BODY_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      log.warn('webhook refused: body too large', context);
      return answer(413, { error: 'payload_too_large' }, requestId, { connection: 'close' });
    }
    if (error instanceof BodyTimeoutError) {
      log.warn('webhook refused: body not complete in time', { ...context, timeoutMs: BODY_TIMEOUT_MS });
      return answer(408, { error: 'request_timeout' }, requestId, { connection: 'close' });
    }
    log.warn('webhook refused: body unreadable', { ...context, error: errorMessage(error) });
    return answer(400, { error: 'bad_request' }, requestId);
  }

  const adapter = findGateway(params.gateway);
  if (!adapter || !PUBLIC_ID.test(params.accountId)) {
    log.warn('webhook refused: unknown gateway or account', context);
    return answer(404, { error: 'not_found' }, requestId);
  }
  const gateway = adapter.catalog.id;
  const webhook = adapter.webhook;

  const cacheKey = `${gateway}/${params.accountId}`;
  /** The account and its signing secret from the database (not the cache), or the answer when it cannot go on. */
  const lookUp = async (): Promise<{ found: RememberedAccount } | { refused: WebhookAnswer }> => {
    let found: RememberedAccount | undefined;
    try {
      const account = await withTimeout(findWebhookAccount(await getDb(), gateway, params.accountId, webhook.secretName), STORE_TIMEOUT_MS);
      found = account && {
        account,
        signingSecret: account.secret ? openAccountSecret(account.secret, account.id, webhook.secretName) : undefined,
      };
    } catch (error) {
      // Database down, or a secret sealed under a key we no longer have: the gateway should retry later.
      const level = error instanceof SecretUnavailableError ? 'error' : 'warn';
      log[level]('webhook not accepted: account lookup failed', { ...context, error: errorMessage(error) });
      return { refused: answer(503, { error: 'unavailable' }, requestId, { 'retry-after': '60' }) };
    }
    if (!found) {
      log.warn('webhook refused: unknown account', context);
      return { refused: answer(404, { error: 'not_found' }, requestId) };
    }
    if (found.account.status === 'disconnected') {
      log.warn('webhook refused: account disconnected', context);
      return { refused: answer(410, { error: 'gone' }, requestId) };
    }
    rememberAccount(cacheKey, found, now.getTime());
    return { found };
  };

  let current = recallAccount(cacheKey, now.getTime());
  const fromCache = current !== undefined;
  if (!current) {
    const result = await lookUp();
    if ('refused' in result) return result.refused;
    current = result.found;
  }

  const headers = nodeHeaders(request.headers);
  const input: WebhookRequest = { rawBody, query: url.searchParams, headers, now };
  const verify = (found: RememberedAccount) =>
    webhook.verify(input, { signingSecret: found.signingSecret, externalAccountId: found.account.externalAccountId });
  let verdict = verify(current);
  if (!verdict.ok && fromCache) {
    // The remembered secret may have changed in another instance: decide on what the database says now.
    forgetAccount(cacheKey);
    const result = await lookUp();
    if ('refused' in result) return result.refused;
    current = result.found;
    verdict = verify(current);
  }
  const account = current.account;
  const db = await getDb();
  if (!verdict.ok) {
    log.warn('webhook refused', { ...context, status: verdict.status, reason: verdict.reason, detail: verdict.detail });
    try {
      await withTimeout(countRejection(db, account.id, verdict.reason, now), STORE_TIMEOUT_MS);
    } catch (error) {
      // The count is for the merchant's information; failing to bump it does not change the answer.
      log.warn('webhook rejection not counted', { ...context, error: errorMessage(error) });
    }
    return answer(verdict.status, { error: verdict.status === 401 ? 'unauthorized' : 'bad_request' }, requestId);
  }

  const notification = verdict.notification;
  let outcome: 'stored' | 'duplicate';
  try {
    outcome = await withTimeout(
      storeNotification(db, {
        ...notification,
        accountId: account.id,
        gateway,
        // The verifiers accepted only UTF-8 JSON (or an IPN's empty body), so this decoding loses nothing.
        rawBody: rawBody.toString('utf8'),
        headers: keptHeaders(headers, webhook.keptHeaders),
        query: url.search.slice(1),
        receivedAt: now,
      }),
      STORE_TIMEOUT_MS,
    );
  } catch (error) {
    log.error('webhook not stored', { ...context, error: errorMessage(error) });
    return answer(503, { error: 'unavailable' }, requestId, { 'retry-after': '60' });
  }
  // No log line for an accepted notification: the inbox row is its record (and a line each would cost throughput).
  const accepted = answer(200, { status: outcome === 'stored' ? 'received' : 'duplicate' }, requestId);
  return { ...accepted, stored: outcome === 'stored' };
}
