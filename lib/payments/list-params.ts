// Reads the Payments / Subscriptions list's query string into filters; anything unexpected is ignored.
import { isGatewayId, type GatewayId } from '@/core/gateway-ids';

type SearchParams = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value.trim() : '');

export function listParams(params: SearchParams, statuses: readonly string[]) {
  const gateway = single(params.gateway);
  const status = single(params.status);
  const query = single(params.q).slice(0, 200);
  const page = /^[1-9]\d{0,5}$/.test(single(params.page)) ? Number(single(params.page)) : 1;
  return {
    gateway: isGatewayId(gateway) ? (gateway as GatewayId) : undefined,
    status: statuses.includes(status) ? status : undefined,
    query: query || undefined,
    page,
  };
}

/** The list's URL with these filters and page, for pagination links. */
export function listHref(path: string, filters: { gateway?: string; status?: string; query?: string }, page: number): string {
  const search = new URLSearchParams();
  if (filters.gateway) search.set('gateway', filters.gateway);
  if (filters.status) search.set('status', filters.status);
  if (filters.query) search.set('q', filters.query);
  if (page > 1) search.set('page', String(page));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
