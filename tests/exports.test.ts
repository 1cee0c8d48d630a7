// The CSV exports (issue 15): the rows of the Payments / Subscriptions list for a filter, in the list's order, read a
// batch at a time by keyset (rows sharing one created_at included), quoted by csv-stringify, with a BOM, the header
// in the merchant's language, dates in the merchant's zone, plain decimal amounts, and formula-like text defused.
import { eq } from 'drizzle-orm';
import { createTranslator } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrice } from '@/db/queries/prices';
import { listPayments, listSubscriptions, type ListFilters } from '@/db/queries/payment-views';
import { gatewayAccounts, orders, payments, subscriptions } from '@/db/schema';
import { decimalAmount, textCell, zonedTimestamp } from '@/lib/exports/csv';
import { paymentsCsv, subscriptionsCsv, type HeaderText } from '@/lib/exports/records';
import english from '@/messages/en.json';
import { describeEachDatabase } from './support/databases';
import { connectMercadoPago } from './webhooks/support';

const translate = createTranslator({ locale: 'en', messages: english, namespace: 'exports' });
const t: HeaderText = (key, values) => translate(key as 'exportPayments', values);

/** RFC 4180 as csv-stringify writes it: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (quoted) {
      if (character === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\r' && text.charAt(index + 1) === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else field += character;
  }
  return records;
}

async function read(stream: ReadableStream<Uint8Array>) {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  // A decoder keeps the byte-order mark only when told to: the file must start with it (EF BB BF) for Excel.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { text, records: parseCsv(text.replace(/^\uFEFF/, '')) };
}

describe('CSV cells', () => {
  it('writes amounts as plain decimals, times in the merchant’s zone, and defuses formulas', () => {
    expect(decimalAmount(4990, 2)).toBe('49.90');
    expect(decimalAmount(5, 2)).toBe('0.05');
    expect(decimalAmount(150000, 0)).toBe('150000');
    expect(decimalAmount(-1250, 2)).toBe('-12.50');
    const at = new Date('2026-03-01T02:30:00Z');
    expect(zonedTimestamp('America/Sao_Paulo')(at)).toBe('2026-02-28 23:30:00');
    expect(zonedTimestamp('Asia/Kathmandu')(at)).toBe('2026-03-01 08:15:00');
    expect(textCell('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(textCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(textCell('João')).toBe('João');
    expect(textCell(null)).toBe('');
  });
});

describeEachDatabase('CSV exports', (current) => {
  let merchantId = '';
  const owner = () => ({ id: merchantId, timeZone: 'America/Sao_Paulo' });

  beforeAll(async () => {
    const db = current().db;
    const account = await connectMercadoPago();
    merchantId = account.merchantId;
    const [own] = await db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.merchantId, merchantId));
    if (!own) throw new Error('no account');
    const price = await createPrice(merchantId, { name: 'Aquarela', gateway: 'mercadopago', currency: 'BRL', amountMinor: 4990, kind: 'one_time', intervalUnit: null, intervalCount: null });
    if (!price.ok) throw new Error(price.error);
    const [order] = await db
      .insert(orders)
      .values({
        merchantId,
        priceId: price.price.id,
        accountId: own.id,
        submissionKey: `export-${merchantId}`,
        amountMinor: 4990,
        currency: 'BRL',
        customerEmail: 'maria@example.com',
        customerFirstName: 'Maria',
        customerLastName: 'da Silva, "Mari"',
        taxIdType: 'CPF',
        taxIdNumber: '52998224725',
      })
      .returning({ id: orders.id });
    const base = Date.UTC(2026, 2, 1, 2, 30);
    // 11 payments, three to a created_at (to the microsecond): the batches' keyset must break ties by id.
    await db.insert(payments).values(
      Array.from({ length: 11 }, (_, index) => ({
        merchantId,
        accountId: own.id,
        gateway: 'mercadopago' as const,
        gatewayPaymentId: String(70_000 + index),
        reference: index === 0 ? (order?.id ?? null) : `order-${index}`,
        orderId: index === 0 ? (order?.id ?? null) : null,
        amountMinor: 1000 + index,
        currency: 'BRL',
        status: index % 3 === 0 ? ('rejected' as const) : ('approved' as const),
        paymentMethodType: 'credit_card',
        paymentMethodId: 'visa',
        payerEmail: index === 0 ? null : `buyer${index}@example.com`,
        payerName: index === 0 ? null : index === 4 ? '=cmd|calc' : `João ${index}`,
        createdAt: new Date(base + Math.floor(index / 3) * 60_000),
      })),
    );
    await db.insert(subscriptions).values(
      Array.from({ length: 5 }, (_, index) => ({
        merchantId,
        accountId: own.id,
        gateway: 'mercadopago' as const,
        gatewaySubscriptionId: `pre-${index}`,
        reference: `sub-${index}`,
        orderId: index === 0 ? (order?.id ?? null) : null,
        status: index === 2 ? ('cancelled' as const) : ('authorized' as const),
        amountMinor: 2990,
        currency: 'BRL',
        intervalUnit: 'months' as const,
        intervalCount: 1,
        nextPaymentAt: new Date(base + 30 * 86_400_000),
        payerEmail: `subscriber${index}@example.com`,
        createdAt: new Date(base + Math.floor(index / 2) * 60_000),
      })),
    );
  });

  async function listedPayments(filters: Omit<ListFilters, 'cursor'>) {
    return (await listPayments(merchantId, filters, { pageSize: 1000, countCap: 1000 })).rows;
  }

  for (const [title, filters] of [
    ['every payment', {}],
    ['approved ones', { status: 'approved' }],
    ['a search', { query: 'joão' }],
    ['nothing found', { query: 'nobody' }],
  ] as const) {
    it(`has the Payments list’s rows, in its order: ${title}`, async () => {
      const { text, records } = await read(paymentsCsv(owner(), filters, t, 2));
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...rows] = records;
      expect(header?.[0]).toBe('Date (America/Sao_Paulo)');
      expect(header).toContain('Gateway payment ID');
      const gatewayId = header?.indexOf('Gateway payment ID') ?? -1;
      const listed = await listedPayments(filters);
      expect(rows.map((row) => row[gatewayId])).toEqual(listed.map((row) => row.gatewayPaymentId));
    });
  }

  it('writes each payment as an accountant reads it', async () => {
    const { records } = await read(paymentsCsv(owner(), {}, t, 4));
    const [header = [], ...rows] = records;
    const byId = (id: string) => Object.fromEntries(header.map((name, index) => [name, rows.find((row) => row.includes(id))?.[index]]));
    expect(byId('70000')).toEqual({
      'Date (America/Sao_Paulo)': '2026-02-28 23:30:00',
      'Our reference': expect.stringMatching(/^[0-9a-f-]{36}$/),
      Gateway: 'Mercado Pago',
      'Gateway payment ID': '70000',
      Status: 'rejected',
      'Status detail': '',
      Amount: '10.00',
      Refunded: '0.00',
      Currency: 'BRL',
      'Payment method type': 'credit_card',
      'Payment method': 'visa',
      // From our order: the payment itself carries no name or email; commas and quotes survive the quoting.
      'Payer name': 'Maria da Silva, "Mari"',
      'Payer email': 'maria@example.com',
      'Tax ID type': 'CPF',
      'Tax ID': '52998224725',
    });
    expect(byId('70004')['Payer name']).toBe(`'=cmd|calc`);
    expect(byId('70010')['Date (America/Sao_Paulo)']).toBe('2026-02-28 23:33:00');
  });

  it('has the Subscriptions list’s rows for a filter, with the next payment in the merchant’s zone', async () => {
    for (const filters of [{}, { status: 'authorized' }] as const) {
      const { records } = await read(subscriptionsCsv(owner(), filters, t, 2));
      const [header = [], ...rows] = records;
      const listed = (await listSubscriptions(merchantId, filters, { pageSize: 1000, countCap: 1000 })).rows;
      const column = header.indexOf('Gateway subscription ID');
      expect(rows.map((row) => row[column])).toEqual(listed.map((row) => row.gatewaySubscriptionId));
    }
    const { records } = await read(subscriptionsCsv(owner(), {}, t));
    const [header = [], ...rows] = records;
    const first = Object.fromEntries(header.map((name, index) => [name, rows.find((row) => row.includes('pre-0'))?.[index]]));
    expect(first).toMatchObject({ Amount: '29.90', 'Next payment (America/Sao_Paulo)': '2026-03-30 23:30:00', 'Payer name': 'Maria da Silva, "Mari"', 'Tax ID': '52998224725' });
  });

  it('never shows another merchant’s rows', async () => {
    const other = await connectMercadoPago();
    const { records } = await read(paymentsCsv({ id: other.merchantId, timeZone: 'UTC' }, {}, t));
    expect(records).toHaveLength(1);
  });
});
