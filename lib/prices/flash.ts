// The Prices page's address: its view (the prices on sale, or the archived ones) and the change just made, which the
// page confirms once (components/prices/price-change-status.tsx): ?done=created&price=<id>. The price's name is
// looked up by id among the merchant's own prices, never taken from the URL, so a crafted link cannot make the page
// say something else.
import { isRecordId } from '@/lib/server/ids';

export const PRICE_CHANGES = ['created', 'saved', 'archived', 'restored'] as const;
export type PriceChange = (typeof PRICE_CHANGES)[number];
export type PricesView = 'active' | 'archived';

type SearchParams = Record<string, string | string[] | undefined>;

export function pricesHref({ view, done }: { view?: PricesView; done?: { change: PriceChange; priceId: string } } = {}): string {
  const search = new URLSearchParams();
  if (view === 'archived') search.set('view', 'archived');
  if (done) {
    search.set('done', done.change);
    search.set('price', done.priceId);
  }
  const text = search.toString();
  return text ? `/prices?${text}` : '/prices';
}

export function readPricesParams(params: SearchParams): { view: PricesView; done?: { change: PriceChange; priceId: string } } {
  const view: PricesView = params.view === 'archived' ? 'archived' : 'active';
  const change = PRICE_CHANGES.find((candidate) => candidate === params.done);
  const priceId = typeof params.price === 'string' && isRecordId(params.price) ? params.price : undefined;
  return { view, done: change && priceId ? { change, priceId } : undefined };
}
