// The app's texts: messages/<locale>.json, with each gateway's own texts (its folder's messages/<locale>.json,
// loaded by its catalog) merged in at the same key paths, so a gateway's words live in its folder.
import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/core/locales';
import { FORMATS } from '@/lib/i18n/formats';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import type { MessageTree } from '@/lib/gateways/catalog-types';

function merge(into: MessageTree, from: MessageTree, path: string): MessageTree {
  const merged: MessageTree = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = merged[key];
    if (typeof value === 'string' || existing === undefined) {
      // Two sources for one text would make one of them silently unused.
      if (existing !== undefined) throw new Error(`message ${path}${key} is defined twice`);
      merged[key] = value;
    } else if (typeof existing === 'string') {
      throw new Error(`message ${path}${key} is both a text and a group`);
    } else {
      merged[key] = merge(existing, value, `${path}${key}.`);
    }
  }
  return merged;
}

async function load(locale: Locale): Promise<MessageTree> {
  // By file name, so a new language is its files and its line in core/locales.ts (README "Add a language").
  const app = (await import(`../../messages/${locale}.json`)) as { default: MessageTree };
  const gateways = await Promise.all(Object.values(GATEWAY_CATALOG).map((entry) => entry.loadMessages(locale)));
  return gateways.reduce<MessageTree>((all, texts) => merge(all, texts, ''), app.default);
}

const loaded = new Map<Locale, Promise<MessageTree>>();

/** Every text of one language, the app's and every gateway's (read once per process). */
export function messagesFor(locale: Locale): Promise<MessageTree> {
  let messages = loaded.get(locale);
  if (!messages) {
    messages = load(locale);
    loaded.set(locale, messages);
  }
  return messages;
}

export type Translate = (key: string, values?: Record<string, string | number | Date>) => string;

/**
 * A translator over every text of one language, for what is written outside a request (emails, alerts) and so has
 * no next-intl request config. Keys are data here (catalogs and templates name them), so any string key is taken.
 */
export async function translatorFor(locale: Locale, timeZone = 'UTC'): Promise<Translate> {
  const messages = (await messagesFor(locale)) as Record<string, string>;
  const t = createTranslator({ locale, messages, timeZone, formats: FORMATS });
  return (key, values) => t(key, values);
}

/** Every English text, for tests and tools. */
export function englishMessages(): Promise<MessageTree> {
  return messagesFor(DEFAULT_LOCALE);
}
