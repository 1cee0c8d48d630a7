// Mercado Pago's codes in words (issue 12), client-safe: every status_detail its documentation lists, and the
// payment methods of the countries we support. The texts are in ./messages/en.json under payments.reason.mercadopago,
// payments.method.mercadopago and payments.methodType.mercadopago; tests/payment-reasons.test.ts checks that every
// code listed here has its texts, and every text its code.
import { namesOf, reasonTextsOf, type PaymentExplanations } from '@/lib/gateways/catalog-types';

/**
 * Every `status_detail` of a payment, grouped by the `status` it comes with.
 * - "Payment creation results" / "Get payment status" (the status table):
 *   https://www.mercadopago.com.br/developers/en/docs/checkout-api-payments/response-handling/collection-results
 *   https://www.mercadopago.com.mx/developers/en/docs/checkout-api/response-handling/query-results
 *   (cc_rejected_card_type_not_allowed is in the Brazilian version only).
 * - "Why is a payment rejected?" (which rejections come from data entry, the issuer, fraud prevention):
 *   https://www.mercadopago.com.br/developers/en/docs/checkout-api/how-tos/reasons-for-rejection
 * - bpp_refunded is not in the table: Mercado Pago reports it on a refund made by its buyer-protection program after
 *   a dispute (the refund's `source.type` is `bpp`, lib/gateways/mercadopago/api.ts).
 */
export const MERCADOPAGO_STATUS_DETAILS = [
  // approved
  'accredited',
  'partially_refunded',
  // authorized
  'pending_capture',
  // in_process
  'offline_process',
  'pending_contingency',
  'pending_review_manual',
  // pending
  'pending_waiting_payment',
  'pending_waiting_transfer',
  'pending_challenge',
  // cancelled
  'expired',
  'by_collector',
  'by_payer',
  // refunded
  'refunded',
  'by_admin',
  'bpp_refunded',
  // charged_back (in_process: the chargeback is still being decided)
  'settled',
  'reimbursed',
  'in_process',
  // rejected
  'bank_error',
  'cc_rejected_3ds_challenge',
  'cc_rejected_3ds_mandatory',
  'cc_rejected_bad_filled_card_number',
  'cc_rejected_bad_filled_date',
  'cc_rejected_bad_filled_other',
  'cc_rejected_bad_filled_security_code',
  'cc_rejected_blacklist',
  'cc_rejected_call_for_authorize',
  'cc_rejected_card_disabled',
  'cc_rejected_card_error',
  'cc_rejected_card_type_not_allowed',
  'cc_rejected_duplicated_payment',
  'cc_rejected_high_risk',
  'cc_rejected_insufficient_amount',
  'cc_rejected_invalid_installments',
  'cc_rejected_max_attempts',
  'cc_rejected_other_reason',
  'cc_amount_rate_limit_exceeded',
  'rejected_insufficient_data',
  'rejected_by_bank',
  'rejected_by_regulations',
  'insufficient_amount',
] as const;

/**
 * `payment_method_id`s of Argentina, Brazil, Colombia and Mexico ("Availability of products and payment methods",
 * https://www.mercadopago.com.br/developers/en/docs/sales-processing/payment-methods, and the same table in
 * mercadopago/devsite-docs), plus `boleto`, which our own records used for boleto before the method id was kept
 * (catalog.ts, SEVEN_DAY_METHODS), and Mexico's SPEI transfers (`clabe`).
 */
export const MERCADOPAGO_PAYMENT_METHODS = [
  // cards
  'visa',
  'master',
  'amex',
  'diners',
  'elo',
  'hipercard',
  'melicard',
  'naranja',
  'nativa',
  'shopping',
  'cencosud',
  'cmr_master',
  'argencard',
  'cordial',
  'cordobesa',
  'cabal',
  'codensa',
  'debvisa',
  'debmaster',
  'debelo',
  'debcabal',
  'maestro',
  'mercadopagocard',
  // Mercado Pago balance and wallets
  'account_money',
  'giftcard',
  'paypal',
  // bank transfers
  'pix',
  'pse',
  'clabe',
  'redlink',
  // cash and ATM
  'bolbradesco',
  'boleto',
  'pec',
  'oxxo',
  'paycash',
  'bancomer',
  'banamex',
  'serfin',
  'efecty',
  'rapipago',
  'pagofacil',
  'cargavirtual',
  'cobroexpress',
  'bapropagos',
] as const;

/**
 * `payment_type_id`s, the fallback when the method id is missing or new: the same table, and the payment
 * resource's reference (https://www.mercadopago.com/developers/en/reference/payments/_payments_id/get).
 */
export const MERCADOPAGO_PAYMENT_TYPES = [
  'credit_card',
  'debit_card',
  'prepaid_card',
  'ticket',
  'atm',
  'bank_transfer',
  'account_money',
  'digital_currency',
  'digital_wallet',
  'voucher_card',
] as const;

export const mercadopagoExplanations: PaymentExplanations = {
  statusDetails: reasonTextsOf('payments.reason.mercadopago', MERCADOPAGO_STATUS_DETAILS),
  paymentMethods: namesOf('payments.method.mercadopago', MERCADOPAGO_PAYMENT_METHODS),
  paymentTypes: namesOf('payments.methodType.mercadopago', MERCADOPAGO_PAYMENT_TYPES),
};
