// Checkout Pro preferences: `POST /checkout/preferences` and `GET /checkout/preferences/{id}` (the Node SDK's
// PreferenceResponse). The customer pays one on its `init_point`, served by hosted-pages.ts.
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomUuid } from '../random';
import { authenticate } from './accounts';
import { checkAmount, country } from './countries';
import { absoluteUrl, badRequest, idempotent, parseBody } from './requests';
import type { MercadoPagoContext, SimPreference } from './state';
import { nowIso } from './time';

// The API's own bodies: unknown fields are ignored, as Mercado Pago does.
const preferenceBodySchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        title: z.string().min(1).max(256),
        description: z.string().max(600).optional(),
        quantity: z.number().int().min(1),
        unit_price: z.number().positive(),
        currency_id: z.string().optional(),
      }),
    )
    .min(1),
  payer: z
    .looseObject({
      name: z.string().optional(),
      surname: z.string().optional(),
      email: z.string().optional(),
      identification: z.looseObject({ type: z.string(), number: z.string() }).optional(),
    })
    .optional(),
  external_reference: z.string().max(256).optional(),
  back_urls: z.looseObject({ success: z.string().optional(), pending: z.string().optional(), failure: z.string().optional() }).optional(),
  auto_return: z.enum(['approved', 'all']).optional(),
  notification_url: z.string().max(500).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** What the customer pays: the items' total. */
export const preferenceTotal = (preference: SimPreference) =>
  Math.round(preference.items.reduce((sum, item) => sum + item.quantity * item.unit_price, 0) * 100) / 100;

function preferenceResource(ctx: MercadoPagoContext, preference: SimPreference) {
  const account = ctx.accountsById.get(preference.collectorId);
  return {
    id: preference.id,
    collector_id: preference.collectorId,
    client_id: String(account?.applicationId ?? ''),
    site_id: account?.siteId,
    date_created: preference.dateCreated,
    items: preference.items,
    payer: { ...preference.payer, phone: { area_code: '', number: '' }, address: { zip_code: '', street_name: '', street_number: null } },
    back_urls: { success: preference.backUrls.success ?? '', pending: preference.backUrls.pending ?? '', failure: preference.backUrls.failure ?? '' },
    auto_return: preference.autoReturn ?? '',
    external_reference: preference.externalReference ?? '',
    notification_url: preference.notificationUrl,
    metadata: preference.metadata,
    operation_type: 'regular_payment',
    expires: false,
    binary_mode: false,
    processing_modes: null,
    payment_methods: { excluded_payment_methods: [{ id: '' }], excluded_payment_types: [{ id: '' }], installments: null, default_installments: null },
    init_point: preference.initPoint,
    sandbox_init_point: preference.sandboxInitPoint,
  };
}

export function addPreferenceRoutes(api: Router, ctx: MercadoPagoContext): void {
  api
    .add('POST', '/checkout/preferences', async (request) => {
      const account = authenticate(ctx, request);
      return idempotent(ctx, account, request, async () => {
        const body = await parseBody(request, preferenceBodySchema);
        for (const [index, item] of body.items.entries()) checkAmount(account, item.unit_price, item.currency_id, `items[${index}].unit_price`);
        const backUrls = {
          success: absoluteUrl(body.back_urls?.success, 'back_urls.success'),
          pending: absoluteUrl(body.back_urls?.pending, 'back_urls.pending'),
          failure: absoluteUrl(body.back_urls?.failure, 'back_urls.failure'),
        };
        // The API's own answer to auto_return without a success URL.
        if (body.auto_return && !backUrls.success) throw badRequest('auto_return invalid. back_url.success must be defined', 'invalid_auto_return');
        const id = `${account.userId}-${randomUuid()}`;
        const preference: SimPreference = {
          id,
          collectorId: account.userId,
          items: body.items.map((item) => ({
            id: item.id ?? null,
            title: item.title,
            quantity: item.quantity,
            unit_price: item.unit_price,
            currency_id: country(account).currency,
            description: item.description ?? null,
          })),
          payer: {
            name: body.payer?.name ?? null,
            surname: body.payer?.surname ?? null,
            email: body.payer?.email ?? null,
            identification: body.payer?.identification ? { type: body.payer.identification.type, number: body.payer.identification.number } : null,
          },
          externalReference: body.external_reference ?? null,
          backUrls,
          autoReturn: body.auto_return ?? null,
          notificationUrl: absoluteUrl(body.notification_url, 'notification_url'),
          metadata: body.metadata ?? {},
          dateCreated: nowIso(),
          initPoint: `${request.origin}/mercadopago/checkout/v1/redirect?pref_id=${id}`,
          sandboxInitPoint: `${request.origin}/mercadopago/sandbox/checkout/v1/redirect?pref_id=${id}`,
        };
        ctx.preferences.set(id, preference);
        return json(201, preferenceResource(ctx, preference));
      });
    })
    .add('GET', '/checkout/preferences/:id', (request) => {
      const account = authenticate(ctx, request);
      const preference = ctx.preferences.get(request.params.id ?? '');
      if (!preference || preference.collectorId !== account.userId) throw new HttpError(404, 'not_found', 'preference not found');
      return json(200, preferenceResource(ctx, preference));
    });
}
