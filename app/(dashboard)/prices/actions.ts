'use server';
// The Prices page's server actions: thin — session (merchantAction) → the price schema made from the merchant's
// connected accounts, read again here → data layer → revalidate. The merchant comes from the session, never
// from the form; a price id from the form is only ever looked up among that merchant's prices.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { archivePrice, createPrice, getPriceRules, updatePrice, type SavePriceResult } from '@/db/queries/prices';
import { merchantAction } from '@/lib/actions';
import type { FormState } from '@/lib/form-state';
import { priceSchema } from '@/lib/prices/schema';
import { getCurrentMerchant } from '@/lib/session';

const PRICES_PATH = '/prices';

function failure(result: Exclude<SavePriceResult, { ok: true }>): FormState {
  return result.error === 'gateway_not_connected'
    ? { status: 'error', fieldErrors: { gateway: ['priceGatewayNotConnected'] } }
    : { status: 'error', message: 'errors.priceNotFound' };
}

export async function createPriceAction(prev: FormState, formData: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  const state = await merchantAction(priceSchema(await getPriceRules(merchant.id)), async (data, current) => {
    const result = await createPrice(current.id, data);
    return result.ok ? { status: 'success', message: 'prices.created' } : failure(result);
  })(prev, formData);
  if (state.status !== 'success') return state;
  revalidatePath(PRICES_PATH);
  redirect(PRICES_PATH);
}

/** Bound to the price id by the edit page. */
export async function updatePriceAction(priceId: string, prev: FormState, formData: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  const state = await merchantAction(priceSchema(await getPriceRules(merchant.id)), async (data, current) => {
    const result = await updatePrice(current.id, priceId, data);
    return result.ok ? { status: 'success', message: 'prices.saved' } : failure(result);
  })(prev, formData);
  if (state.status !== 'success') return state;
  revalidatePath(PRICES_PATH);
  redirect(PRICES_PATH);
}

/** Bound to the price id and name by the Prices table. */
export async function archivePriceAction(priceId: string, name: string, _prev: FormState, _form: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  const archived = await archivePrice(merchant.id, priceId);
  revalidatePath(PRICES_PATH);
  return archived ? { status: 'success', message: 'prices.archived', messageValues: { name } } : { status: 'error', message: 'errors.priceNotFound' };
}
