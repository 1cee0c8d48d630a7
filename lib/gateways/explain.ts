// A gateway's codes in words (issue 12), client-safe: which text explains a status detail (Mercado Pago's
// status_detail, Secure and Pay's failure_reason) to the merchant or the customer, and which name a payment method
// has. Each gateway lists its codes and texts in its catalog (`explain`, lib/gateways/catalog-types.ts); a code it
// does not list gets a generic text, and the raw code stays visible beside it (components/payments/payment-reason.tsx).
import type { GatewayId } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from './catalog';
import type { MessageKey, ReasonTexts } from './catalog-types';

export const REASON_AUDIENCES = ['merchant', 'customer'] as const;
export type ReasonAudience = (typeof REASON_AUDIENCES)[number];

/** For a code the gateway does not list; `{gateway}` is its name. */
export const GENERIC_REASON: ReasonTexts = { merchant: 'payments.reason.generic.merchant', customer: 'payments.reason.generic.customer' };
/** For a payment the gateway gave no detail about; `{gateway}` is its name. */
export const NO_REASON: ReasonTexts = { merchant: 'payments.reason.none.merchant', customer: 'payments.reason.none.customer' };
/** The raw code as a secondary detail; `{gateway}` and `{code}`. */
export const REASON_CODE_LABEL: MessageKey = 'payments.reason.code';

/** Which text explains a status detail, and the raw code (null when there was none). */
export type Reason = { key: MessageKey; code: string | null; known: boolean };

/** Own keys only: a code such as "constructor" must not find Object.prototype's. */
function lookup<T>(table: Readonly<Record<string, T>>, code: string | null): T | undefined {
  return code !== null && Object.hasOwn(table, code) ? table[code] : undefined;
}

const clean = (code: string | null | undefined): string | null => code?.trim() || null;

/** The text that explains `code` to `audience`: the gateway's own, else the generic one (or "no detail" without a code). */
export function explainStatusDetail(gateway: GatewayId, code: string | null | undefined, audience: ReasonAudience): Reason {
  const raw = clean(code);
  if (raw === null) return { key: NO_REASON[audience], code: null, known: false };
  const texts = lookup(GATEWAY_CATALOG[gateway].explain.statusDetails, raw);
  return texts ? { key: texts[audience], code: raw, known: true } : { key: GENERIC_REASON[audience], code: raw, known: false };
}

/** The values every reason text may use. */
export const reasonValues = (gateway: GatewayId, code: string | null): Record<string, string> => ({ gateway: GATEWAY_CATALOG[gateway].name, code: code ?? '' });

/**
 * A payment method's name: the method id's own (visa → Visa), else its type's (credit_card → Credit card), with the
 * raw id kept as `raw` when the name is only the type's; `key` null when neither is known (then `raw` is whatever
 * the gateway sent, or null). Either argument may hold an id or a type: older rows kept one in place of the other.
 */
export type MethodName = { key: MessageKey | null; raw: string | null };

export function paymentMethodName(gateway: GatewayId, method: string | null | undefined, type: string | null | undefined): MethodName {
  const { paymentMethods, paymentTypes } = GATEWAY_CATALOG[gateway].explain;
  const id = clean(method);
  const kind = clean(type);
  const exact = lookup(paymentMethods, id) ?? lookup(paymentMethods, kind);
  if (exact) return { key: exact, raw: null };
  const typeOfKind = lookup(paymentTypes, kind);
  const typeOfId = lookup(paymentTypes, id);
  // The type's name stands in for an id we do not know; that id stays visible beside it.
  if (typeOfKind) return { key: typeOfKind, raw: id !== null && !typeOfId ? id : null };
  if (typeOfId) return { key: typeOfId, raw: null };
  return { key: null, raw: id ?? kind };
}
