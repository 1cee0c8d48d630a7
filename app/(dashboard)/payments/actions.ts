'use server';
// Check now (issue 12): ask the gateway at once about an order awaiting payment (the Payments page's panel) or a
// payment that is not final (its page), and record what it says (lib/reconciliation/reconcile.ts).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { merchantAction, merchantCommand } from '@/lib/actions';
import { checkOrderNow, checkPaymentNow } from '@/lib/reconciliation/reconcile';
import { checkResultState } from '@/lib/reconciliation/result-state';

/** One form per order in the panel, each posting its `orderId`; one result for the panel. */
export const checkOrderNowAction = merchantAction(z.object({ orderId: z.string() }), async ({ orderId }, merchant) => {
  const result = await checkOrderNow(merchant.id, orderId, new Date());
  if (result.outcome !== 'missing') revalidatePath('/payments');
  return checkResultState(result);
});

/** Bound to the payment id by the payment page. */
export const checkPaymentNowAction = merchantCommand(async (merchant, paymentId: string) => {
  const result = await checkPaymentNow(merchant.id, String(paymentId), new Date());
  if (result.outcome !== 'missing') revalidatePath(`/payments/${String(paymentId)}`);
  return checkResultState(result);
});
