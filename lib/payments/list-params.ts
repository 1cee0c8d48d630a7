// Reads the Payments / Subscriptions list's query string into filters and a page cursor; anything unexpected is
// ignored.
import { isGatewayId, type GatewayId } from '@/core/gateway-ids';
import type { ListCursor } from '@/db/queries/keyset';
import { isRecordId } from '@/lib/server/ids';

type SearchParams = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value.trim() : '');

/**
 * `?after=<id>`: the page of rows older than that row (Older); `?before=<id>`: the page newer than it (Newer).
 * Only a uuid counts: anything else is the first page, never a database error.
 */
export function listCursor(params: SearchParams): ListCursor | undefined {
  const after = single(params.after);
  if (isRecordId(after)) return { direction: 'after', id: after };
  const before = single(params.before);
  if (isRecordId(before)) return { direction: 'before', id: before };
  return undefined;
}

export function listParams(params: SearchParams, statuses: readonly string[]) {
  const gateway = single(params.gateway);
  const status = single(params.status);
  const query = single(params.q).slice(0, 200);
  return {
    gateway: isGatewayId(gateway) ? (gateway as GatewayId) : undefined,
    status: statuses.includes(status) ? status : undefined,
    query: query || undefined,
    cursor: listCursor(params),
  };
}

/** The list's URL with these filters and page cursor (none: the first page), for Newer and Older links. */
export function listHref(path: string, filters: { gateway?: string; status?: string; query?: string }, cursor?: ListCursor): string {
  const search = new URLSearchParams();
  if (filters.gateway) search.set('gateway', filters.gateway);
  if (filters.status) search.set('status', filters.status);
  if (filters.query) search.set('q', filters.query);
  if (cursor) search.set(cursor.direction, cursor.id);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
