// Page titles come from the message files like every other text (a screen reader announces them first).
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

/** A page's `generateMetadata`: its title from messages "titles.<key>" (the root layout adds the app's name). */
export function titled(key: string, extra: Omit<Metadata, 'title'> = {}): () => Promise<Metadata> {
  return async () => {
    const t = await getTranslations('titles');
    return { ...extra, title: t(key) };
  };
}
