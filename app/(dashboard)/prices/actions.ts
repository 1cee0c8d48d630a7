'use server';
// The Prices page's server actions: thin — session (merchantAction) → the price schema made from the merchant's
// connected accounts, read again here → data layer → revalidate. The merchant comes from the session, never
// from the form; a price id from the form is only ever looked up among that merchant's prices.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { archivePrice, createPrice, updatePrice, type SavePriceResult } from '@/db/queries/prices';
import { getPriceRules } from '@/lib/prices/rules';
import type { MerchantProfile } from '@/db/queries/users';
import { merchantAction, merchantCommand } from '@/lib/actions';
import type { FormState } from '@/lib/form-state';
import { priceSchema } from '@/lib/prices/schema';

const PRICES_PATH = '/prices';

/** The price form's rules depend on what the merchant has connected, read again from the database (never the form). */
async function merchantPriceSchema(merchant: MerchantProfile) {
  return priceSchema(await getPriceRules(merchant.id), merchant.locale);
}

function failure(result: Exclude<SavePriceResult, { ok: true }>): FormState {
  return result.error === 'gateway_not_connected'
    ? { status: 'error', fieldErrors: { gateway: ['priceGatewayNotConnected'] } }
    : { status: 'error', message: 'errors.priceNotFound' };
}

/** Back to the list once saved (redirect() throws, so it ends the action); any other answer goes to the form. */
function toListOnSuccess(state: FormState): FormState {
  if (state.status !== 'success') return state;
  revalidatePath(PRICES_PATH);
  redirect(PRICES_PATH);
}

const createPriceForm = merchantAction(merchantPriceSchema, async (data, merchant) => {
  const result = await createPrice(merchant.id, data);
  return result.ok ? { status: 'success', message: 'prices.created' } : failure(result);
});

export async function createPriceAction(prev: FormState, formData: FormData): Promise<FormState> {
  return toListOnSuccess(await createPriceForm(prev, formData));
}

/** Bound to the price id by the edit page. */
export async function updatePriceAction(priceId: string, prev: FormState, formData: FormData): Promise<FormState> {
  const state = await merchantAction(merchantPriceSchema, async (data, merchant) => {
    const result = await updatePrice(merchant.id, priceId, data);
    return result.ok ? { status: 'success', message: 'prices.saved' } : failure(result);
  })(prev, formData);
  return toListOnSuccess(state);
}

/** Bound to the price id and name by the Prices table. */
export const archivePriceAction = merchantCommand(async (merchant, priceId: string, name: string) => {
  const archived = await archivePrice(merchant.id, priceId);
  revalidatePath(PRICES_PATH);
  return archived ? { status: 'success', message: 'prices.archived', messageValues: { name } } : { status: 'error', message: 'errors.priceNotFound' };
});
