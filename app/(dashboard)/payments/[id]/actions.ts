'use server';
// Refunds are refused for every gateway, with the reason the page shows (each catalog's failures.refunds): the action
// exists so that a request posted without the disabled button gets the same answer from the server.
import { z } from 'zod';
import { getPaymentDetail } from '@/db/queries/payment-views';
import { merchantCommand } from '@/lib/actions';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';

/** Bound to the payment id by the payment page. */
export const refundPaymentAction = merchantCommand(async (merchant, paymentId: string) => {
  const detail = z.uuid().safeParse(paymentId).success ? await getPaymentDetail(merchant.id, paymentId) : undefined;
  if (!detail) return { status: 'error', message: 'refunds.notFound' };
  return { status: 'error', message: GATEWAY_CATALOG[detail.payment.gateway].failures.refunds.reason };
});
