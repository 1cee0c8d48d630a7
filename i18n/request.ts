import { getRequestConfig } from 'next-intl/server';
import { englishMessages } from '@/lib/i18n/messages';

// English only for now; another language is a new messages/<locale>.json (and one in each gateway's folder) and a
// locale choice here.
export default getRequestConfig(async () => ({
  locale: 'en',
  messages: englishMessages(),
}));
