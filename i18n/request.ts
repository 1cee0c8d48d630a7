import { getRequestConfig } from 'next-intl/server';

// English only for now; another language is a new messages/<locale>.json and a locale choice here.
export default getRequestConfig(async () => ({
  locale: 'en',
  messages: (await import('../messages/en.json')).default,
}));
