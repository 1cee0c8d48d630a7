// The delivery control routes every gateway module mounts under `/_sim/<gateway>`: the delivery log, the retry
// schedule, redelivery, hold/release, and each account's delivery options (drop switch, how retries are signed).
// The sending itself is in webhook-delivery.ts.
import { z } from 'zod';
import { HttpError, json, type Router, type SimRequest } from './http';
import type { WebhookSender } from './webhook-delivery';

const settingsSchema = z
  .object({
    retryDelaysMs: z.array(z.number().int().min(0).max(7 * 24 * 3_600_000)).max(50).optional(),
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  })
  .refine((value) => value.retryDelaysMs !== undefined || value.timeoutMs !== undefined, 'give "retryDelaysMs" and/or "timeoutMs"');

const releaseSchema = z.object({ order: z.enum(['fifo', 'reverse']).default('fifo') });

const optionsSchema = z
  .object({ retrySigning: z.enum(['fresh', 'first']).optional(), drop: z.boolean().optional() })
  .strict()
  .refine((value) => value.retrySigning !== undefined || value.drop !== undefined, 'give "retrySigning" and/or "drop"');

async function parse<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse((await request.json()) ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
  return parsed.data;
}

/**
 * The delivery control routes every gateway module mounts under `/_sim/<gateway>`. `accounts` names the account
 * in the query and the paths: `{ param: 'userId', collection: 'accounts' }` for Mercado Pago,
 * `{ param: 'siteId', collection: 'sites' }` for Secure and Pay.
 */
export function addDeliveryControlRoutes(router: Router, sender: WebhookSender, accounts: { param: string; collection: string }): Router {
  const accountParam = accounts.param;
  return router
    .add('GET', '/deliveries', (request) => {
      const account = request.query.get(accountParam) ?? undefined;
      return json(200, { deliveries: sender.deliveries(account) });
    })
    .add('GET', '/delivery-settings', () => json(200, sender.settings))
    .add('POST', '/delivery-settings', async (request) => {
      const settings = await parse(request, settingsSchema);
      if (settings.retryDelaysMs) sender.settings.retryDelaysMs = settings.retryDelaysMs;
      if (settings.timeoutMs !== undefined) sender.settings.timeoutMs = settings.timeoutMs;
      return json(200, sender.settings);
    })
    .add('POST', '/notifications/:id/redeliver', (request) => {
      const id = request.params.id ?? '';
      if (!sender.redeliver(id)) throw new HttpError(404, 'not_found', `no notification ${id}`);
      return json(202, { redelivered: id });
    })
    .add('POST', `/${accounts.collection}/:account/hold`, (request) => {
      sender.hold(request.params.account ?? '');
      return json(200, { held: true });
    })
    .add('POST', `/${accounts.collection}/:account/release`, async (request) => {
      const { order } = await parse(request, releaseSchema);
      return json(200, { released: sender.release(request.params.account ?? '', order) });
    })
    .add('GET', `/${accounts.collection}/:account/delivery-options`, (request) => json(200, sender.options(request.params.account ?? '')))
    .add('POST', `/${accounts.collection}/:account/delivery-options`, async (request) =>
      json(200, sender.setOptions(request.params.account ?? '', await parse(request, optionsSchema))),
    );
}
