'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { markAlertRead, markAllAlertsRead } from '@/db/queries/alerts';
import { merchantCommand } from '@/lib/actions';

const alertId = z.uuid();

/** Marks one of the merchant's alerts read (bound to its id by the list). */
export const markAlertReadAction = merchantCommand(async (merchant, id: string) => {
  if (!alertId.safeParse(id).success || !(await markAlertRead(merchant.id, id))) return { status: 'error', message: 'alerts.notFound' };
  // The bell's count lives in the dashboard layout.
  revalidatePath('/', 'layout');
  return { status: 'success', message: 'alerts.markedRead' };
});

export const markAllAlertsReadAction = merchantCommand(async (merchant) => {
  await markAllAlertsRead(merchant.id);
  revalidatePath('/', 'layout');
  return { status: 'success', message: 'alerts.allMarkedRead' };
});
