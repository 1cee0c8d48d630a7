'use server';
// The Prices page's server actions: thin — session (merchantAction) → the price schema made from the merchant's
// connected accounts, read again here → data layer → revalidate. The merchant comes from the session, never
// from the form; a price id from the form is only ever looked up among that merchant's prices.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { archivePrice, createPrice, restorePrice, updatePrice, type SavePriceResult } from '@/db/queries/prices';
import { getPriceRules } from '@/lib/prices/rules';
import type { MerchantProfile } from '@/db/queries/users';
import { merchantAction, merchantCommand } from '@/lib/actions';
import type { FormState } from '@/lib/form-state';
import { priceSchema } from '@/lib/prices/schema';
import { pricesHref, type PriceChange } from '@/lib/prices/flash';

const PRICES_PATH = '/prices';

/** The price form's rules depend on what the merchant has connected, read again from the database (never the form). */
async function merchantPriceSchema(merchant: MerchantProfile) {
  return priceSchema(await getPriceRules(merchant.id), merchant.locale);
}

function failure(result: Exclude<SavePriceResult, { ok: true }>): FormState {
  switch (result.error) {
    case 'gateway_not_connected':
      return { status: 'error', fieldErrors: { gateway: ['priceGatewayNotConnected'] } };
    case 'slug_taken':
      return { status: 'error', fieldErrors: { slug: ['priceSlugTaken'] } };
    default:
      return { status: 'error', message: 'errors.priceNotFound' };
  }
}

/**
 * Back to the list once a change is made, which confirms it (lib/prices/flash.ts): redirect() throws, so it ends the
 * action; any other answer goes back to the form.
 */
function toListWith(change: PriceChange, priceId: string, view?: 'archived'): never {
  revalidatePath(PRICES_PATH);
  redirect(pricesHref({ view, done: { change, priceId } }));
}

const createPriceForm = merchantAction(merchantPriceSchema, async (data, merchant) => {
  const result = await createPrice(merchant.id, data);
  return result.ok ? toListWith('created', result.price.id) : failure(result);
});

export async function createPriceAction(prev: FormState, formData: FormData): Promise<FormState> {
  return createPriceForm(prev, formData);
}

/** Bound to the price id by the edit page. */
export async function updatePriceAction(priceId: string, prev: FormState, formData: FormData): Promise<FormState> {
  return merchantAction(merchantPriceSchema, async (data, merchant) => {
    const result = await updatePrice(merchant.id, priceId, data);
    return result.ok ? toListWith('saved', result.price.id) : failure(result);
  })(prev, formData);
}

/** Bound to the price id by the Prices table. The price leaves the list, so the confirmation is the list's. */
export const archivePriceAction = merchantCommand(async (merchant, priceId: string) => {
  if (!(await archivePrice(merchant.id, priceId))) return { status: 'error', message: 'errors.priceNotFound' };
  return toListWith('archived', priceId);
});

/** Bound to the price id by the Archived view: the price goes back on sale; the merchant stays on the view. */
export const restorePriceAction = merchantCommand(async (merchant, priceId: string) => {
  if (!(await restorePrice(merchant.id, priceId))) return { status: 'error', message: 'errors.priceNotFound' };
  return toListWith('restored', priceId, 'archived');
});
