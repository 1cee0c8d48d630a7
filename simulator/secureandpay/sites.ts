// Secure and Pay sites (merchant accounts): HTTP Basic authentication with the site id and API secret, `GET /v1/site`,
// and the control routes that create a site and set its webhook URL (what support configures, SP1).
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError, headerValue, json, type Router, type SimRequest } from '../http';
import { randomHex } from '../random';
import { controlBody } from './requests';
import { CURRENCIES, type SecureAndPayContext, type SecureAndPaySimSite } from './state';
import { nowIso } from './time';

const createSiteSchema = z.object({ name: z.string().trim().min(1).max(100).optional(), webhookUrl: z.url().optional() });
const webhookUrlSchema = z.object({ url: z.url().nullable() });

/** Equal-length digests, so comparing secrets of different lengths is still constant-time. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function basicCredentials(request: SimRequest): { siteId: string; apiSecret: string } | undefined {
  const encoded = headerValue(request.headers, 'authorization')?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { siteId: decoded.slice(0, separator), apiSecret: decoded.slice(separator + 1) };
}

export function authenticate(ctx: SecureAndPayContext, request: SimRequest): SecureAndPaySimSite {
  const credentials = basicCredentials(request);
  const site = credentials && ctx.sites.get(credentials.siteId);
  // One answer for an unknown site and a wrong secret, so the API does not reveal which site ids exist.
  if (!credentials || !site || !sameSecret(credentials.apiSecret, site.apiSecret)) {
    throw new HttpError(401, 'unauthorized', 'invalid site id or API secret');
  }
  return site;
}

export function siteById(ctx: SecureAndPayContext, siteId: string): SecureAndPaySimSite {
  const site = ctx.sites.get(siteId);
  if (!site) throw new HttpError(404, 'not_found', `no simulated Secure and Pay site ${siteId}`);
  return site;
}

export function addSiteRoutes(api: Router, ctx: SecureAndPayContext): void {
  api.add('GET', '/v1/site', (request) => {
    const site = authenticate(ctx, request);
    return json(200, { site_id: site.siteId, name: site.name, currencies: [...CURRENCIES] });
  });
}

export function addSiteControlRoutes(control: Router, ctx: SecureAndPayContext): void {
  control
    .add('POST', '/sites', async (request) => {
      const input = await controlBody(request, createSiteSchema);
      const siteId = `site_${randomHex(16)}`;
      const site: SecureAndPaySimSite = {
        siteId,
        apiSecret: randomHex(40),
        name: input.name ?? `Simulated site ${siteId.slice(-4)}`,
        createdAt: nowIso(),
        webhookUrl: input.webhookUrl ?? null,
      };
      ctx.sites.set(site.siteId, site);
      return json(201, { siteId: site.siteId, apiSecret: site.apiSecret, name: site.name });
    })
    .add('POST', '/sites/:siteId/webhook', async (request) => {
      const site = siteById(ctx, request.params.siteId ?? '');
      const { url } = await controlBody(request, webhookUrlSchema);
      site.webhookUrl = url;
      return json(200, { siteId: site.siteId, url });
    });
}
