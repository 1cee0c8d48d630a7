// A payment page's old address: a price whose slug was changed keeps answering at its previous ones (shared links,
// printed QR codes, the return URLs a gateway was given before the change) with a permanent redirect to the current.
import 'server-only';
import { currentSlugOf } from '@/db/queries/prices';

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * When `slug` is a price's previous slug, the same page under its current slug, with the same query (a return page's
 * ?order=…&payment_id=…), for a permanent redirect; otherwise null, and the page goes on (or says not found).
 */
export async function currentAddressOf(slug: string, page: '' | '/success' | '/pending' | '/failure' = '', searchParams: SearchParams = {}): Promise<string | null> {
  const current = await currentSlugOf(slug);
  if (!current) return null;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(searchParams)) {
    for (const one of typeof value === 'string' ? [value] : (value ?? [])) query.append(name, one);
  }
  const search = query.toString();
  return `/pay/${encodeURIComponent(current)}${page}${search ? `?${search}` : ''}`;
}
