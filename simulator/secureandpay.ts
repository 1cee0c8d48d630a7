// Simulated Secure and Pay, under /secureandpay. Its API is not public: this module implements the contract we
// assume in docs/secureandpay-api.md (the one place it is written); change that file first, then this one.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError, Router, headerValue, json, type SimRequest, type SimResponse } from './http';
import { initialAvailability, type SimulatedGateway } from './gateway-module';
import { randomHex } from './random';

/** SP5: the only currencies Secure and Pay accepts. */
const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;

export type SecureAndPaySimSite = {
  siteId: string;
  /** The "password" in support's email (SP2), and the key that signs notifications. */
  apiSecret: string;
  name: string;
  createdAt: string;
};

const createSiteSchema = z.object({ name: z.string().trim().min(1).max(100).optional() });

/** docs/secureandpay-api.md §1 "Errors": `{ "error": { "code", "message", "field" } }`. */
function renderError(error: HttpError): SimResponse {
  const headers = error.status === 401 ? { 'www-authenticate': 'Basic realm="Secure and Pay API"' } : undefined;
  const field = typeof error.details[0] === 'string' ? error.details[0] : null;
  return json(error.status, { error: { code: error.code, message: error.message, field } }, headers);
}

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

export function createSecureAndPaySimulator(): SimulatedGateway & { readonly sites: ReadonlyMap<string, SecureAndPaySimSite> } {
  const sites = new Map<string, SecureAndPaySimSite>();
  const availability = initialAvailability();

  function authenticate(request: SimRequest): SecureAndPaySimSite {
    const credentials = basicCredentials(request);
    const site = credentials && sites.get(credentials.siteId);
    // One answer for an unknown site and a wrong secret, so the API does not reveal which site ids exist.
    if (!credentials || !site || !sameSecret(credentials.apiSecret, site.apiSecret)) {
      throw new HttpError(401, 'unauthorized', 'invalid site id or API secret');
    }
    return site;
  }

  const api = new Router().add('GET', '/v1/site', (request) => {
    const site = authenticate(request);
    return json(200, { site_id: site.siteId, name: site.name, currencies: [...CURRENCIES] });
  });

  const control = new Router().add('POST', '/sites', async (request) => {
    const parsed = createSiteSchema.safeParse((await request.json()) ?? {});
    if (!parsed.success) throw new HttpError(400, 'invalid_request', z.prettifyError(parsed.error));
    const siteId = `site_${randomHex(16)}`;
    const site: SecureAndPaySimSite = {
      siteId,
      apiSecret: randomHex(40),
      name: parsed.data.name ?? `Simulated site ${siteId.slice(-4)}`,
      createdAt: new Date().toISOString(),
    };
    sites.set(site.siteId, site);
    return json(201, { siteId: site.siteId, apiSecret: site.apiSecret, name: site.name });
  });

  return {
    id: 'secureandpay',
    api,
    control,
    availability,
    sites,
    renderError,
    reset() {
      sites.clear();
      Object.assign(availability, initialAvailability());
    },
  };
}
