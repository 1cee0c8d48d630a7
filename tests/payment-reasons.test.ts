// Issue 12, "Say why a payment failed": every status detail a gateway lists has a sentence for the merchant and one
// for the customer, every text has its code, unknown codes fall back to a generic sentence that quotes the raw code,
// payment methods read as names, the shared components render them, and the failed-payment emails say why.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { NextIntlClientProvider } from 'next-intl';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PaymentMethodName } from '@/components/payments/payment-method-name';
import { PaymentReason } from '@/components/payments/payment-reason';
import { GATEWAY_IDS, type GatewayId } from '@/core/gateway-ids';
import { createUser } from '@/db/queries/users';
import { alerts, emailOutbox, payments } from '@/db/schema';
import { notifyPaymentFailed } from '@/lib/alerts/notify';
import { renderEmail } from '@/lib/email/templates';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import type { MessageTree } from '@/lib/gateways/catalog-types';
import { saveConnection } from '@/lib/gateways/connections';
import { explainStatusDetail, GENERIC_REASON, NO_REASON, paymentMethodName, REASON_AUDIENCES, REASON_CODE_LABEL } from '@/lib/gateways/explain';
import { paymentMethodText, reasonText } from '@/lib/gateways/explain-text';
import { englishMessages } from '@/lib/i18n/messages';
import { describeEachDatabase } from './support/databases';

const messages = await englishMessages();
const englishReason = (gateway: GatewayId, code: string | null, audience: 'merchant' | 'customer') => reasonText('en', gateway, code, audience);
const englishPaymentMethod = (gateway: GatewayId, method: string | null, type: string | null) => paymentMethodText('en', gateway, method, type);
const paymentFailedReasons = async (payment: { gateway: GatewayId; statusDetail: string | null }) => ({
  reason: await englishReason(payment.gateway, payment.statusDetail, 'merchant'),
  customerReason: await englishReason(payment.gateway, payment.statusDetail, 'customer'),
});

function messageAt(key: string): string | MessageTree | undefined {
  let node: MessageTree | string | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return node;
}

const groupAt = (key: string): MessageTree => {
  const node = messageAt(key);
  return typeof node === 'object' ? node : {};
};

/** Every status_detail Mercado Pago's status table lists (collection-results), and bpp_refunded (issue 12). */
const MERCADOPAGO_DOCUMENTED = [
  'accredited', 'partially_refunded', 'pending_capture', 'offline_process', 'pending_contingency', 'pending_review_manual',
  'pending_waiting_payment', 'pending_waiting_transfer', 'pending_challenge', 'expired', 'by_collector', 'by_payer',
  'refunded', 'by_admin', 'bpp_refunded', 'settled', 'reimbursed', 'in_process', 'bank_error', 'cc_rejected_3ds_challenge',
  'cc_rejected_3ds_mandatory', 'cc_rejected_bad_filled_card_number', 'cc_rejected_bad_filled_date', 'cc_rejected_bad_filled_other',
  'cc_rejected_bad_filled_security_code', 'cc_rejected_blacklist', 'cc_rejected_call_for_authorize', 'cc_rejected_card_disabled',
  'cc_rejected_card_error', 'cc_rejected_card_type_not_allowed', 'cc_rejected_duplicated_payment', 'cc_rejected_high_risk',
  'cc_rejected_insufficient_amount', 'cc_rejected_invalid_installments', 'cc_rejected_max_attempts', 'cc_rejected_other_reason',
  'cc_amount_rate_limit_exceeded', 'rejected_insufficient_data', 'rejected_by_bank', 'rejected_by_regulations', 'insufficient_amount',
];

/** Secure and Pay's failure reasons, read from our contract for it (docs/secureandpay-api.md §5). */
function secureAndPayDocumentedReasons(): string[] {
  const doc = readFileSync(new URL('../docs/secureandpay-api.md', import.meta.url), 'utf8');
  const sentence = /`failure_reason` \(when `failed`\):([^.]*)\./.exec(doc)?.[1] ?? '';
  return [...sentence.matchAll(/`([a-z_]+)`/g)].map((match) => match[1] ?? '');
}

describe('status details in words', () => {
  it.each(GATEWAY_IDS)('%s: every code it lists has a merchant and a customer sentence that format', async (id) => {
    const catalog = GATEWAY_CATALOG[id];
    const missing: string[] = [];
    for (const [code, texts] of Object.entries(catalog.explain.statusDetails)) {
      for (const audience of REASON_AUDIENCES) {
        const text = messageAt(texts[audience]);
        if (typeof text !== 'string' || text.trim() === '') missing.push(`${code}.${audience}`);
        else expect(await englishReason(id, code, audience)).not.toContain(texts[audience]);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(GATEWAY_IDS)('%s: every text under payments.reason.<gateway> belongs to a code it lists, with both audiences', async (id) => {
    const listed = Object.keys(GATEWAY_CATALOG[id].explain.statusDetails).sort();
    const written = groupAt(`payments.reason.${id}`);
    expect(Object.keys(written).sort()).toEqual(listed);
    for (const texts of Object.values(written)) expect(typeof texts === 'object' ? Object.keys(texts).sort() : texts).toEqual(['customer', 'merchant']);
  });

  it('Mercado Pago: every status_detail its documentation lists is explained', async () => {
    const listed = GATEWAY_CATALOG.mercadopago.explain.statusDetails;
    expect(MERCADOPAGO_DOCUMENTED.filter((code) => !Object.hasOwn(listed, code))).toEqual([]);
    expect(explainStatusDetail('mercadopago', 'cc_rejected_insufficient_amount', 'merchant')).toEqual({
      key: 'payments.reason.mercadopago.cc_rejected_insufficient_amount.merchant',
      code: 'cc_rejected_insufficient_amount',
      known: true,
    });
    expect(await englishReason('mercadopago', 'cc_rejected_bad_filled_security_code', 'customer')).toBe("The card's security code was not right. Check the code on your card and try again.");
    expect(await englishReason('mercadopago', 'cc_rejected_call_for_authorize', 'merchant')).toMatch(/call their card issuer/);
  });

  it('Secure and Pay: every failure reason of its contract is explained', async () => {
    const documented = secureAndPayDocumentedReasons();
    expect(documented).toEqual(['card_declined', 'insufficient_funds', 'expired_card', 'authentication_failed', 'processing_error', 'abandoned']);
    expect(Object.keys(GATEWAY_CATALOG.secureandpay.explain.statusDetails).sort()).toEqual([...documented].sort());
    expect(await englishReason('secureandpay', 'insufficient_funds', 'customer')).toBe('Your card does not have enough funds. Use another card.');
  });

  it('an unknown code falls back to the generic sentence, which quotes the raw code', async () => {
    expect(explainStatusDetail('mercadopago', 'cc_rejected_something_new', 'merchant')).toEqual({ key: GENERIC_REASON.merchant, code: 'cc_rejected_something_new', known: false });
    expect(await englishReason('mercadopago', 'cc_rejected_something_new', 'merchant')).toBe(
      'Mercado Pago reported “cc_rejected_something_new”, a detail we cannot explain yet. Look the payment up in your Mercado Pago account to see what it means.',
    );
    expect(await englishReason('secureandpay', 'lost_in_space', 'customer')).toContain('Secure and Pay reported “lost_in_space”');
    // Object.prototype's keys are not codes.
    expect(explainStatusDetail('mercadopago', 'constructor', 'customer')).toMatchObject({ key: GENERIC_REASON.customer, known: false });
    expect(explainStatusDetail('mockpay', 'declined', 'customer')).toMatchObject({ key: GENERIC_REASON.customer, known: false });
  });

  it('no code gives the "no reason" sentence', async () => {
    for (const code of [null, undefined, '', '  ']) expect(explainStatusDetail('mockpay', code, 'merchant')).toEqual({ key: NO_REASON.merchant, code: null, known: false });
    expect(await englishReason('mockpay', null, 'merchant')).toBe('Mock Pay gave no reason. Look the payment up in your Mock Pay account for details.');
  });
});

describe('payment methods by name', () => {
  it.each(GATEWAY_IDS)('%s: every method and type it lists has a name, and every name a method or type', async (id: GatewayId) => {
    const { paymentMethods, paymentTypes } = GATEWAY_CATALOG[id].explain;
    const keys = [...Object.values(paymentMethods), ...Object.values(paymentTypes)];
    expect(keys.filter((key) => typeof messageAt(key) !== 'string')).toEqual([]);
    expect(Object.keys(groupAt(`payments.method.${id}`)).sort()).toEqual(Object.keys(paymentMethods).sort());
    expect(Object.keys(groupAt(`payments.methodType.${id}`)).sort()).toEqual(Object.keys(paymentTypes).sort());
  });

  it('Mercado Pago method ids read as names, with the type as the fallback', async () => {
    const name = (method: string | null, type: string | null = null) => englishPaymentMethod('mercadopago', method, type);
    expect(await name('pix', 'bank_transfer')).toBe('Pix');
    expect(await name('bolbradesco', 'ticket')).toBe('Boleto');
    expect(await name('boleto')).toBe('Boleto');
    expect(await name('visa', 'credit_card')).toBe('Visa');
    expect(await name('master', 'credit_card')).toBe('Mastercard');
    expect(await name('amex')).toBe('American Express');
    expect(await name('elo')).toBe('Elo');
    expect(await name('hipercard')).toBe('Hipercard');
    expect(await name('debvisa', 'debit_card')).toBe('Visa Debit');
    expect(await name('debmaster', 'debit_card')).toBe('Mastercard Debit');
    expect(await name('account_money', 'account_money')).toBe('Mercado Pago balance');
    expect(await name('oxxo')).toBe('OXXO');
    expect(await name('pse')).toBe('PSE');
    expect(await name('efecty')).toBe('Efecty');
    expect(await name('rapipago')).toBe('Rapipago');
    expect(await name('pagofacil')).toBe('Pago Fácil');
    // Old rows: the type only, or the type kept where the id goes (and the id where the type goes).
    expect(await name(null, 'credit_card')).toBe('Credit card');
    expect(await name(null, 'debit_card')).toBe('Debit card');
    expect(await name(null, 'ticket')).toBe('Cash voucher');
    expect(await name(null, 'bank_transfer')).toBe('Bank transfer');
    expect(await name(null, 'account_money')).toBe('Mercado Pago balance');
    expect(await name('credit_card', null)).toBe('Credit card');
    expect(await name(null, 'pix')).toBe('Pix');
    // An id we do not know: its type's name, and the id beside it.
    expect(await name('tarjeta_nueva', 'credit_card')).toBe('Credit card (tarjeta_nueva)');
    expect(paymentMethodName('mercadopago', 'tarjeta_nueva', 'credit_card')).toEqual({ key: 'payments.methodType.mercadopago.credit_card', raw: 'tarjeta_nueva' });
    // Nothing known: the raw value; nothing at all: null.
    expect(await name('tarjeta_nueva', 'tipo_nuevo')).toBe('tarjeta_nueva');
    expect(await name(null, null)).toBeNull();
    expect(await name('constructor')).toBe('constructor');
  });

  it('Secure and Pay payments are cards; Mock Pay names none', async () => {
    expect(await englishPaymentMethod('secureandpay', null, 'card')).toBe('Card');
    expect(await englishPaymentMethod('mockpay', null, null)).toBeNull();
  });
});

describe('the shared components', () => {
  const render = (element: ReactElement) => {
    const provider = { locale: 'en' as const, timeZone: 'UTC', messages, children: element };
    return renderToStaticMarkup(createElement(NextIntlClientProvider, provider));
  };

  it('PaymentReason: the merchant sentence with the raw code in smaller text', async () => {
    const html = render(createElement(PaymentReason, { gateway: 'mercadopago', code: 'cc_rejected_high_risk', audience: 'merchant' }));
    expect(html).toContain('fraud prevention refused the payment');
    expect(html).toContain('<span class="text-xs text-slate-600 break-all">Code from Mercado Pago: cc_rejected_high_risk</span>');
    expect(messageAt(REASON_CODE_LABEL)).toBe('Code from {gateway}: {code}');
  });

  it('PaymentReason: the customer sentence without the code; an unknown code is quoted; no code renders nothing', async () => {
    const customer = render(createElement(PaymentReason, { gateway: 'mercadopago', code: 'cc_rejected_high_risk', audience: 'customer' }));
    expect(customer).toContain('Your payment was declined.');
    expect(customer).not.toContain('cc_rejected_high_risk');
    const unknown = render(createElement(PaymentReason, { gateway: 'secureandpay', code: 'lost_in_space', audience: 'customer' }));
    expect(unknown).toContain('Secure and Pay reported “lost_in_space”');
    expect(render(createElement(PaymentReason, { gateway: 'mockpay', code: null, audience: 'merchant' }))).toBe('');
  });

  it('PaymentMethodName: a name, the type with the unknown id in smaller text, or a dash', async () => {
    expect(render(createElement(PaymentMethodName, { gateway: 'mercadopago', method: 'pix', type: 'bank_transfer' }))).toBe('<span>Pix</span>');
    expect(render(createElement(PaymentMethodName, { gateway: 'mercadopago', method: 'tarjeta_nueva', type: 'credit_card' }))).toBe(
      '<span>Credit card<span class="text-xs text-slate-600"> (tarjeta_nueva)</span></span>',
    );
    expect(render(createElement(PaymentMethodName, { gateway: 'mockpay' }))).toBe('<span>—</span>');
  });
});

describe('the failed-payment email wording', () => {
  const base = { gateway: 'Mercado Pago', paymentId: '123456', amount: 'R$50.00', merchantName: 'Shop', subscription: 'no' };

  it('the merchant reads the merchant sentence, the customer the customer sentence; no raw code in either', async () => {
    const values = { ...base, ...await paymentFailedReasons({ gateway: 'mercadopago', statusDetail: 'cc_rejected_insufficient_amount' }) };
    const merchant = (await renderEmail('paymentFailed', 'merchant', values, 'en'));
    const customer = (await renderEmail('paymentFailed', 'customer', values, 'en'));
    expect(merchant?.subject).toBe('A Mercado Pago payment of R$50.00 failed');
    expect(merchant?.body).toBe(
      "Hello Shop,\n\nMercado Pago payment 123456 of R$50.00 failed.\n\nThe customer's card did not have enough funds or credit limit. Nothing was charged; they can use another card or payment method.\n\nSee it in your dashboard under Payments.",
    );
    expect(customer?.body).toBe(
      'Hello,\n\nYour payment of R$50.00 to Shop did not go through.\n\nYour card does not have enough funds or credit limit. Use another card or payment method.\n\nIf you have questions, contact Shop.\n\nPayment reference: 123456',
    );
  });

  it('a subscription charge says where to look; an unknown code is quoted', async () => {
    const values = { ...base, subscription: 'yes', ...await paymentFailedReasons({ gateway: 'mercadopago', statusDetail: 'cc_rejected_something_new' }) };
    expect((await renderEmail('paymentFailed', 'merchant', values, 'en'))?.body).toContain(
      'Mercado Pago reported “cc_rejected_something_new”, a detail we cannot explain yet.',
    );
    expect((await renderEmail('paymentFailed', 'merchant', values, 'en'))?.body).toContain('It was a subscription charge: its page under Subscriptions shows what happens next.');
    expect((await renderEmail('paymentFailed', 'customer', values, 'en'))?.body).toContain('Mercado Pago reported “cc_rejected_something_new” for this payment.');
  });
});

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => vi.restoreAllMocks());

describeEachDatabase('notifyPaymentFailed says why', (current) => {
  async function failedPayment(statusDetail: string | null) {
    const user = await createUser({ name: 'Shop', email: `shop-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
    if (!user) throw new Error('no user');
    const account = await saveConnection({
      merchantId: user.id,
      gateway: 'mercadopago',
      mode: 'live',
      country: 'BR',
      externalAccountId: String(Math.floor(Math.random() * 1e9)),
      publicCredentials: { publicKey: 'APP_USR-public' },
      secrets: { accessToken: 'APP_USR-token-0000' },
    });
    const [payment] = await current()
      .db.insert(payments)
      .values({
        merchantId: user.id,
        accountId: account.id,
        gateway: 'mercadopago',
        gatewayPaymentId: String(Math.floor(Math.random() * 1e9)),
        amountMinor: 5000,
        currency: 'BRL',
        status: 'rejected',
        statusDetail,
        paymentMethodType: 'credit_card',
        paymentMethodId: 'visa',
        payerEmail: 'ana@example.com',
      })
      .returning();
    if (!payment) throw new Error('no payment');
    return { merchantId: user.id, paymentId: payment.id };
  }

  const emailsOf = async (merchantId: string) => {
    const rows = await current().db.select().from(emailOutbox).where(eq(emailOutbox.merchantId, merchantId));
    return { merchant: rows.find((row) => row.audience === 'merchant')?.body, customer: rows.find((row) => row.audience === 'customer')?.body };
  };

  it('the merchant email and the alert carry the merchant sentence, the customer email the customer sentence', async () => {
    const { merchantId, paymentId } = await failedPayment('cc_rejected_call_for_authorize');
    expect(await notifyPaymentFailed(current().db, paymentId, new Date())).toBe(true);
    const emails = await emailsOf(merchantId);
    expect(emails.merchant).toContain('The card issuer wants the customer to authorize this payment with them first.');
    expect(emails.merchant).not.toContain('cc_rejected_call_for_authorize');
    expect(emails.customer).toContain('Your card issuer needs you to authorize this payment. Call the number on the back of your card, then try again.');
    expect(emails.customer).not.toContain('cc_rejected_call_for_authorize');
    const [alert] = await current().db.select().from(alerts).where(eq(alerts.merchantId, merchantId));
    expect(alert?.params).toMatchObject({ reason: expect.stringContaining('The card issuer wants the customer') });
  });

  it('an unknown or missing detail gives the generic sentence, quoting the code when there is one', async () => {
    const unknown = await failedPayment('cc_rejected_something_new');
    await notifyPaymentFailed(current().db, unknown.paymentId, new Date());
    expect((await emailsOf(unknown.merchantId)).merchant).toContain('Mercado Pago reported “cc_rejected_something_new”');
    const none = await failedPayment(null);
    await notifyPaymentFailed(current().db, none.paymentId, new Date());
    expect((await emailsOf(none.merchantId)).customer).toContain('Mercado Pago gave no reason.');
  });
});
