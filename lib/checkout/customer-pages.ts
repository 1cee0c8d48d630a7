// The server half of the customers' pages (pages/pay), handed to them at start-up rather than imported.
//
// Why: Next.js refuses, at build time, any Pages Router page whose module graph reaches `server-only` or
// `next/headers`, and everything here reaches them (the database, the gateways, the rate limits). The payment pages
// are Pages Router pages so that they can run without Next's runtime in the browser (README "Performance"). So the
// pages import only customer-pages-handle.ts, which holds types and reads what instrumentation.ts registered here
// when the server process started (lib/server/startup.ts); the server-only guard stays on for everything else.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { findPayPage, findReturnPage } from '@/lib/checkout/payment-pages';
import { submitPayForm, type PaySubmission } from '@/lib/checkout/submit-pay-form';
import type { Locale } from '@/core/locales';
import { customerPageProps } from '@/lib/i18n/customer-page';
import { clientIpFrom } from '@/lib/rate-limit/client-ip';
import { log } from '@/lib/server/log';
import { BodyTooLarge, headerOf, postedFromThisSite, readFormBody } from '@/lib/server/node-request';
import { CUSTOMER_PAGES_KEY } from './customer-pages-handle';

/** The form's fields are a few short texts: a larger body is not one of ours. */
const MAX_FORM_BYTES = 16 * 1024;

export type PayPost = { refused: 403 | 413 } | PaySubmission;

/** A POST of the payment form: from one of our pages, a form's size, then submitPayForm. */
async function postPayForm(request: IncomingMessage, slug: string, locale: Locale): Promise<PayPost> {
  if (!postedFromThisSite(request)) return { refused: 403 };
  let form: FormData;
  try {
    form = await readFormBody(request, MAX_FORM_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return { refused: 413 };
    throw error;
  }
  return submitPayForm(slug, form, { locale, clientIp: clientIpFrom({ get: (name) => headerOf(request, name) }) });
}

/** A customer page failed (pages/_error.tsx): logged under a reference the page shows, for support to find it. */
function reportPageError(error: unknown, path: string): string {
  const reference = randomUUID().slice(0, 8);
  log.error('customer page failed', { reference, path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return reference;
}

export const customerPages = { pageProps: customerPageProps, findPayPage, findReturnPage, postPayForm, reportPageError };

/** Called once per server process, at start-up (lib/server/startup.ts). */
export function registerCustomerPages(): void {
  (globalThis as Record<symbol, unknown>)[CUSTOMER_PAGES_KEY] = customerPages;
}
