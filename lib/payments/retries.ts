// Mercado Pago retries a failed subscription charge itself (seed MP8): three attempts in all; cards at a delay
// Mercado Pago sets, boleto and pix 7 days apart. We record each attempt from its notifications and show when the
// next one is due: Mercado Pago's own date when it gives one, else (boleto, pix) 7 days after the last attempt.
import type { GatewayId } from '@/lib/gateways/ids';

export const MERCADOPAGO_MAX_ATTEMPTS = 3;
const DAY_MS = 86_400_000;
/** Mercado Pago's ids for boleto (ticket / bolbradesco) and pix (bank_transfer / pix). */
const SEVEN_DAY_METHODS = new Set(['ticket', 'bolbradesco', 'boleto', 'bank_transfer', 'pix']);
const FAILED = new Set(['rejected', 'cancelled', 'failed', 'recycling']);

export type ChargeAttempt = {
  attempt: number;
  status: string;
  paymentMethodType: string | null;
  chargedAt: Date | null;
  nextRetryAt: Date | null;
};

/** When the next attempt after this one is due, or null when none will come. */
export function nextAttemptAt(gateway: GatewayId, charge: ChargeAttempt): Date | null {
  if (gateway !== 'mercadopago' || !FAILED.has(charge.status) || charge.attempt >= MERCADOPAGO_MAX_ATTEMPTS) return null;
  if (charge.nextRetryAt) return charge.nextRetryAt;
  if (charge.chargedAt && charge.paymentMethodType && SEVEN_DAY_METHODS.has(charge.paymentMethodType)) {
    return new Date(charge.chargedAt.getTime() + 7 * DAY_MS);
  }
  return null;
}
