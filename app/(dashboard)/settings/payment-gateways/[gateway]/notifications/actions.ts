'use server';
import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { requeueNotification } from '@/db/queries/webhook-events';
import { merchantCommand } from '@/lib/actions';
import { kickWebhookWorker } from '@/lib/webhooks/worker';

/** Runs the processor again for one of the merchant's notifications (bound to its id by the table). */
export const reprocessNotificationAction = merchantCommand(async (merchant, eventId: string) => {
  if (!(await requeueNotification(merchant.id, eventId))) return { status: 'error', message: 'notifications.notRequeued' };
  after(async () => {
    await kickWebhookWorker();
    revalidatePath('/settings/payment-gateways', 'layout');
  });
  return { status: 'success', message: 'notifications.requeued' };
});
