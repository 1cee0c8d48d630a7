// What the customers' pages (/pay, marked by proxy.ts) translate in the browser: the payment form ('pay', and
// 'errors' for its field and form messages) and the error boundary (app/error.tsx, 'errorPage'). The root layout hands
// the browser only these on those pages: a language's whole message file is 43–73 KB, serialised into every page's
// HTML, for a customer who reads one form.
export const CUSTOMER_CLIENT_NAMESPACES = ['pay', 'errors', 'errorPage'] as const;

/** The given namespaces of a locale's messages, for NextIntlClientProvider. */
export function pickNamespaces<T extends Record<string, unknown>>(messages: T, namespaces: readonly string[]): Partial<T> {
  return Object.fromEntries(namespaces.filter((name) => name in messages).map((name) => [name, messages[name]])) as Partial<T>;
}
