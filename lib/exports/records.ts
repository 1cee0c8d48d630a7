// The Payments and Subscriptions exports: the lists' rows (same filters, same order) as the columns an accountant
// needs: dates in the merchant's time zone, amounts as plain decimal numbers with their currency, status, payment
// method, payer (name, email, tax number), our reference and the gateway's id. The header is in the merchant's
// language (messages "exports"); the values are data (status and method codes, not translations), for formulas.
import 'server-only';
import { paymentExportBatch, subscriptionExportBatch, type ExportFilters } from '@/db/queries/exports';
import type { Position } from '@/db/queries/keyset';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { currencyDigits } from '@/lib/payments/money';
import { csvStream, decimalAmount, textCell, zonedTimestamp } from './csv';

/** Rows per database read: a few hundred kilobytes of CSV, one round trip each. */
export const EXPORT_BATCH_SIZE = 1000;

export type ExportOwner = { id: string; timeZone: string };
/** The header's texts, from the merchant's message file (next-intl's translator for the "exports" namespace). */
export type HeaderText = (key: string, values?: Record<string, string>) => string;

export const PAYMENT_COLUMNS = [
  'date',
  'reference',
  'gateway',
  'gatewayId',
  'status',
  'statusDetail',
  'amount',
  'refunded',
  'currency',
  'methodType',
  'method',
  'payerName',
  'payerEmail',
  'taxIdType',
  'taxId',
] as const;

export const SUBSCRIPTION_COLUMNS = [
  'date',
  'reference',
  'gateway',
  'gatewayId',
  'status',
  'amount',
  'currency',
  'intervalCount',
  'intervalUnit',
  'nextPayment',
  'payerName',
  'payerEmail',
  'taxIdType',
  'taxId',
] as const;

/** Reads batches one after the other, each after the last row of the one before (keyset), until one comes back short. */
function batches<Row extends { id: string; position: string }>(read: (after: Position | undefined) => Promise<Row[]>, batchSize: number) {
  let after: Position | undefined;
  let done = false;
  return async (): Promise<Row[]> => {
    if (done) return [];
    const rows = await read(after);
    const last = rows[rows.length - 1];
    if (rows.length < batchSize || !last) done = true;
    else after = { at: last.position, id: last.id };
    return rows;
  };
}

export function paymentsCsv(owner: ExportOwner, filters: ExportFilters, t: HeaderText, batchSize = EXPORT_BATCH_SIZE): ReadableStream<Uint8Array> {
  const when = zonedTimestamp(owner.timeZone);
  const next = batches((after) => paymentExportBatch(owner.id, filters, after, batchSize), batchSize);
  const header = PAYMENT_COLUMNS.map((column) => t(`payments.${column}`, { zone: owner.timeZone }));
  return csvStream(header, async () =>
    (await next()).map((row) => {
      const digits = currencyDigits(row.currency);
      return [
        when(row.createdAt),
        textCell(row.reference),
        GATEWAY_CATALOG[row.gateway].name,
        textCell(row.gatewayPaymentId),
        row.status,
        textCell(row.statusDetail),
        decimalAmount(row.amountMinor, digits),
        decimalAmount(row.refundedMinor, digits),
        row.currency,
        textCell(row.paymentMethodType),
        textCell(row.paymentMethodId),
        textCell(row.payerName),
        textCell(row.payerEmail),
        textCell(row.taxIdType),
        textCell(row.taxIdNumber),
      ];
    }),
  );
}

export function subscriptionsCsv(owner: ExportOwner, filters: ExportFilters, t: HeaderText, batchSize = EXPORT_BATCH_SIZE): ReadableStream<Uint8Array> {
  const when = zonedTimestamp(owner.timeZone);
  const next = batches((after) => subscriptionExportBatch(owner.id, filters, after, batchSize), batchSize);
  const header = SUBSCRIPTION_COLUMNS.map((column) => t(`subscriptions.${column}`, { zone: owner.timeZone }));
  return csvStream(header, async () =>
    (await next()).map((row) => [
      when(row.createdAt),
      textCell(row.reference),
      GATEWAY_CATALOG[row.gateway].name,
      textCell(row.gatewaySubscriptionId),
      row.status,
      decimalAmount(row.amountMinor, currencyDigits(row.currency)),
      row.currency,
      String(row.intervalCount),
      row.intervalUnit,
      when(row.nextPaymentAt),
      textCell(row.payerName),
      textCell(row.payerEmail),
      textCell(row.taxIdType),
      textCell(row.taxIdNumber),
    ]),
  );
}

/** "payments-2026-03-01.csv", the day in the merchant's zone. */
export function exportFilename(kind: 'payments' | 'subscriptions', timeZone: string, now = new Date()): string {
  return `${kind}-${zonedTimestamp(timeZone)(now).slice(0, 10)}.csv`;
}
