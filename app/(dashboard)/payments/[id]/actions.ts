'use server';
// Refunds are refused for both gateways, with the reason the page shows (lib/payments/refunds.ts): the action
// exists so that a request posted without the disabled button gets the same answer from the server.
import { z } from 'zod';
import { getPaymentDetail } from '@/db/queries/payment-views';
import type { FormState } from '@/lib/form-state';
import { REFUND_REFUSAL } from '@/lib/payments/refunds';
import { getCurrentMerchant } from '@/lib/session';

export async function refundPaymentAction(paymentId: string, _prev: FormState, _form: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  const detail = z.uuid().safeParse(paymentId).success ? await getPaymentDetail(merchant.id, paymentId) : undefined;
  if (!detail) return { status: 'error', message: 'refunds.notFound' };
  return { status: 'error', message: REFUND_REFUSAL[detail.payment.gateway] };
}
