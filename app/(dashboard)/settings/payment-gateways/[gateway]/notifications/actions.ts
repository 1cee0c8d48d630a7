'use server';
import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { requeueNotification } from '@/db/queries/webhook-events';
import type { FormState } from '@/lib/form-state';
import { getCurrentMerchant } from '@/lib/session';
import { kickWebhookWorker } from '@/lib/webhooks/worker';

/** Runs the processor again for one of the merchant's notifications (bound to its id by the table). */
export async function reprocessNotificationAction(eventId: string, _prev: FormState, _form: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  if (!(await requeueNotification(merchant.id, eventId))) return { status: 'error', message: 'notifications.notRequeued' };
  after(async () => {
    await kickWebhookWorker();
    revalidatePath('/settings/payment-gateways', 'layout');
  });
  return { status: 'success', message: 'notifications.requeued' };
}
