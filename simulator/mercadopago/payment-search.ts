// `GET /v1/payments/search`, as sdk-nodejs src/clients/payment/search calls it: every query parameter is a filter
// or a paging option (`external_reference`, `status`, …, `sort`, `criteria`, `range` + `begin_date`/`end_date`,
// `limit`, `offset`), answered `{paging: {total, limit, offset}, results: [payments]}` (PaymentSearch,
// src/clients/payment/search/types.ts). Only the calling token's account's payments are searched: it is a
// collector's search. What a lost notification would have told is found here by `external_reference`.
import { json, type Router, type SimRequest } from '../http';
import { authenticate } from './accounts';
import { badRequest } from './requests';
import { paymentResource } from './payment-resource';
import type { MercadoPagoContext, SimPayment } from './state';

const SORTS = { date_approved: 'dateApproved', date_created: 'dateCreated', date_last_updated: 'dateLastUpdated', money_release_date: 'dateApproved' } as const;

/** Filters on a payment's own fields, by their names in the API. */
const FILTERS: Record<string, (payment: SimPayment) => string | null> = {
  id: (p) => String(p.id),
  external_reference: (p) => p.externalReference,
  status: (p) => p.status,
  status_detail: (p) => p.statusDetail,
  payment_type_id: (p) => p.paymentTypeId,
  payment_method_id: (p) => p.paymentMethodId,
  operation_type: (p) => p.operationType,
  'payer.email': (p) => p.payer.email,
};

function integer(request: SimRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = request.query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw badRequest(`${name} invalid`, 'bad_request');
  return Math.min(value, max);
}

function dateRange(request: SimRequest): ((payment: SimPayment) => boolean) | null {
  const range = request.query.get('range');
  if (!range) return null;
  const field = SORTS[range as keyof typeof SORTS];
  if (!field) throw badRequest(`range invalid: ${range}`, 'bad_request');
  const bound = (name: string) => {
    const raw = request.query.get(name);
    if (!raw) return null;
    const time = Date.parse(raw);
    if (Number.isNaN(time)) throw badRequest(`${name} invalid: ${raw}`, 'bad_request');
    return time;
  };
  const [begin, end] = [bound('begin_date'), bound('end_date')];
  return (payment) => {
    const value = payment[field];
    if (value === null) return false;
    const time = Date.parse(value);
    return (begin === null || time >= begin) && (end === null || time <= end);
  };
}

export function addPaymentSearchRoutes(api: Router, ctx: MercadoPagoContext): void {
  // Registered before `/v1/payments/:id`, which would take `search` for an id.
  api.add('GET', '/v1/payments/search', (request) => {
    const account = authenticate(ctx, request);
    const limit = integer(request, 'limit', 30, 1, 1000);
    const offset = integer(request, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const sort = request.query.get('sort') ?? 'date_created';
    const field = SORTS[sort as keyof typeof SORTS];
    if (!field) throw badRequest(`sort invalid: ${sort}`, 'bad_request');
    const criteria = request.query.get('criteria') ?? 'desc';
    if (criteria !== 'asc' && criteria !== 'desc') throw badRequest(`criteria invalid: ${criteria}`, 'bad_request');
    const inRange = dateRange(request);
    const filters = Object.entries(FILTERS).filter(([name]) => request.query.has(name));
    const matches = [...ctx.payments.values()].filter(
      (payment) =>
        payment.collectorId === account.userId &&
        filters.every(([name, get]) => get(payment) === request.query.get(name)) &&
        (inRange === null || inRange(payment)),
    );
    // By the sort field, ties in creation order (newest first for `desc`); payments without that date come last.
    const direction = criteria === 'asc' ? 1 : -1;
    const time = (payment: SimPayment) => {
      const value = payment[field];
      return value === null ? null : Date.parse(value);
    };
    const sorted = matches
      .map((payment, index) => ({ payment, index, time: time(payment) }))
      .sort((a, b) => {
        if (a.time === null || b.time === null) return a.time === b.time ? direction * (a.index - b.index) : a.time === null ? 1 : -1;
        return direction * (a.time - b.time || a.index - b.index);
      });
    const page = sorted.slice(offset, offset + limit).map(({ payment }) => paymentResource(ctx, payment));
    return json(200, { paging: { total: matches.length, limit, offset }, results: page });
  });
}
