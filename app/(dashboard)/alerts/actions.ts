'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { markAlertRead, markAllAlertsRead } from '@/db/queries/alerts';
import type { FormState } from '@/lib/form-state';
import { getCurrentMerchant } from '@/lib/session';

const alertId = z.uuid();

/** Marks one of the merchant's alerts read (bound to its id by the list). */
export async function markAlertReadAction(id: string, _prev: FormState, _form: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  if (!alertId.safeParse(id).success || !(await markAlertRead(merchant.id, id))) return { status: 'error', message: 'alerts.notFound' };
  // The bell's count lives in the dashboard layout.
  revalidatePath('/', 'layout');
  return { status: 'success', message: 'alerts.markedRead' };
}

export async function markAllAlertsReadAction(_prev: FormState, _form: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  await markAllAlertsRead(merchant.id);
  revalidatePath('/', 'layout');
  return { status: 'success', message: 'alerts.allMarkedRead' };
}
