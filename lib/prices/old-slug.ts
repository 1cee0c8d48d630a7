// A payment page's old address: a price whose slug was changed keeps answering at its previous ones (shared links,
// printed QR codes, the return URLs a gateway was given before the change) with a permanent redirect to the current.
import 'server-only';
import { permanentRedirect } from 'next/navigation';
import { currentSlugOf } from '@/db/queries/prices';

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * When `slug` is a price's previous slug, redirects (308) to the same page under its current slug, with the same
 * query (a return page's ?order=…&payment_id=…); otherwise returns, and the page goes on (or says not found).
 */
export async function redirectFromOldSlug(slug: string, page: '' | '/success' | '/pending' | '/failure' = '', searchParams: SearchParams = {}): Promise<void> {
  const current = await currentSlugOf(slug);
  if (!current) return;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(searchParams)) {
    for (const one of typeof value === 'string' ? [value] : (value ?? [])) query.append(name, one);
  }
  const search = query.toString();
  permanentRedirect(`/pay/${encodeURIComponent(current)}${page}${search ? `?${search}` : ''}`);
}
