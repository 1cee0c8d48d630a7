// What every customers' page (pages/pay) reads from its request before it renders: the visitor's language and zone
// (lib/i18n/visitor.ts), its texts, the nonce of its Content-Security-Policy (proxy.ts) and its address.
import 'server-only';
import type { IncomingMessage } from 'node:http';
import type { Locale } from '@/core/locales';
import type { MessageTree } from '@/lib/gateways/catalog-types';
import { messagesFor } from '@/lib/i18n/messages';
import { visitorLanguageFrom } from '@/lib/i18n/visitor';
import { cookieOf, headerOf } from '@/lib/server/node-request';

export type CustomerPageProps = {
  locale: Locale;
  timeZone: string;
  messages: MessageTree;
  /** The request's Content-Security-Policy nonce (proxy.ts), for the page's one script. */
  nonce: string;
  /** The address the page is at, with its query: the language links come back to it. */
  path: string;
};

export async function customerPageProps(request: IncomingMessage, path: string): Promise<CustomerPageProps> {
  const { locale, timeZone } = visitorLanguageFrom((name) => cookieOf(request, name), headerOf(request, 'accept-language'));
  return { locale, timeZone, messages: await messagesFor(locale), nonce: headerOf(request, 'x-nonce') ?? '', path };
}
