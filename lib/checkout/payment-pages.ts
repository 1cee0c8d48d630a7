// What the customers' pages show (pages/pay): a price's payment page, and the pages a gateway sends the customer back
// to. Each answers with the page's data, a redirect (a price's previous address, lib/prices/old-slug.ts) or "not
// found"; the pages render it. Only what the customer may read leaves here: no account ids or credentials.
import 'server-only';
import { getPaymentPage, type PaymentPage } from '@/db/queries/checkout';
import { getReturnedOrder } from '@/db/queries/orders';
import { returnReason, type ReturnReason } from '@/lib/checkout/return-reason';
import { confirmedOutcome } from '@/lib/checkout/return-status';
import { payRequirementsFor, type PayRequirements } from '@/lib/checkout/schema';
import type { ReturnOutcome } from '@/lib/checkout/types';
import { gatewayNames } from '@/lib/gateways/catalog';
import { currentAddressOf } from '@/lib/prices/old-slug';

export type Query = Record<string, string | string[] | undefined>;

/** The top of every payment page: who sells, what, and for how much. */
export type PriceView = {
  slug: string;
  name: string;
  merchantName: string;
  amountMinor: number;
  currency: string;
  kind: 'one_time' | 'subscription';
  intervalUnit: 'days' | 'months' | null;
  intervalCount: number | null;
};

export type PayPageView = {
  price: PriceView;
  gatewayName: string;
  /** Why the page takes no payment now: the price is archived, or its gateway is not connected. */
  closed: 'archived' | 'paused' | null;
  requirements: PayRequirements;
};

export type ReturnPageView = {
  price: PriceView;
  outcome: ReturnOutcome;
  /** The gateway confirmed the outcome (else the page words a claimed success as being confirmed). */
  confirmed: boolean;
  order: { id: string; amountMinor: number; currency: string };
  /** Why it failed or waits, in the customer's words, once the payment's notification was processed (issue 12). */
  reason: ReturnReason | null;
};

export type Found<T> = { view: T } | { redirectTo: string } | { notFound: true };

function priceView(page: PaymentPage): PriceView {
  const { price } = page;
  return {
    slug: price.slug,
    name: price.name,
    merchantName: page.merchant.name,
    amountMinor: price.amountMinor,
    currency: price.currency,
    kind: price.kind,
    intervalUnit: price.intervalUnit,
    intervalCount: price.intervalCount,
  };
}

export async function findPayPage(slug: string): Promise<Found<PayPageView>> {
  const page = await getPaymentPage(slug);
  if (!page) {
    const redirectTo = await currentAddressOf(slug);
    return redirectTo ? { redirectTo } : { notFound: true };
  }
  return {
    view: {
      price: priceView(page),
      gatewayName: gatewayNames()[page.price.gateway],
      closed: page.price.archived ? 'archived' : page.account.status !== 'connected' ? 'paused' : null,
      requirements: payRequirementsFor(page.price.gateway, page.account),
    },
  };
}

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/**
 * Where the gateway sends the customer back: what the URL claims is checked with the gateway when the return names a
 * payment (lib/checkout/return-status.ts). A slug changed since the gateway was given the address redirects.
 */
export async function findReturnPage(slug: string, claimed: ReturnOutcome, query: Query): Promise<Found<ReturnPageView>> {
  const redirectTo = await currentAddressOf(slug, `/${claimed}`, query);
  if (redirectTo) return { redirectTo };
  const page = await getPaymentPage(slug);
  if (!page) return { notFound: true };
  const order = await getReturnedOrder(page.price.id, single(query.order) ?? '');
  if (!order) return { notFound: true };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (typeof value === 'string') search.set(name, value);
  const confirmed = await confirmedOutcome(page, order, search);
  const outcome = confirmed ?? claimed;
  const reason = await returnReason({ id: order.id, merchantId: page.merchant.id }, outcome);
  return {
    view: {
      price: priceView(page),
      outcome,
      confirmed: confirmed !== null,
      order: { id: order.id, amountMinor: order.amountMinor, currency: order.currency },
      reason,
    },
  };
}
