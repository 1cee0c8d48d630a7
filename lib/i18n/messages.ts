// The app's texts: messages/<locale>.json, with each gateway's own texts (its folder's messages/<locale>.json, named
// in its catalog) merged in at the same key paths, so a gateway's words live in its folder.
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import type { MessageTree } from '@/lib/gateways/catalog-types';
import en from '@/messages/en.json';

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

let english: MessageTree | undefined;

/** Every English text, the app's and every gateway's. */
export function englishMessages(): MessageTree {
  english ??= Object.values(GATEWAY_CATALOG).reduce<MessageTree>((all, entry) => merge(all, entry.messages.en, ''), en);
  return english;
}
