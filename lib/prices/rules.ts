// What the price form's rules depend on: the merchant's connected accounts and what each gateway's catalog offers
// for that account (its currencies). Read on the server for the page and again in the action, never from the form.
import 'server-only';
import { connectedAccounts } from '@/db/queries/prices';
import { findGateway } from '@/lib/gateways/adapters';
import type { PriceRules } from './schema';

export async function getPriceRules(merchantId: string): Promise<PriceRules> {
  const rules: PriceRules = {};
  for (const account of (await connectedAccounts(merchantId)).values()) {
    const adapter = findGateway(account.gateway);
    const currencies = adapter?.catalog.prices.currencies(account) ?? [];
    // An account whose country the gateway does not serve offers nothing: the gateway is not offered for prices.
    if (currencies.length > 0) rules[account.gateway] = { currencies, country: account.country };
  }
  return rules;
}
