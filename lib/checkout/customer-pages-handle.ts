// What the customers' pages (pages/pay) import of the server: the functions registered at start-up by
// customer-pages.ts (which says why they are not imported), and their types. Nothing here imports a module of the
// server, so the pages build as Pages Router pages.
import type { customerPages as registered } from './customer-pages';

export type CustomerPages = typeof registered;

export const CUSTOMER_PAGES_KEY = Symbol.for('gateway-dashboard.customer-pages');

export function customerPages(): CustomerPages {
  const pages = (globalThis as Record<symbol, CustomerPages | undefined>)[CUSTOMER_PAGES_KEY];
  if (!pages) throw new Error('The customer pages were not registered: the server starts them in instrumentation.ts (lib/server/startup.ts).');
  return pages;
}
