// The customers' error page (pages/_error.tsx), rendered as the server renders it: in the customer's language, with
// the reference the server logged the error under, and a 404 read as "not available", not as an error.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import CustomerErrorPage from '@/pages/_error';
import { messagesFor } from '@/lib/i18n/messages';

const page = async (overrides: { notFound: boolean; reference: string | null }) =>
  renderToStaticMarkup(
    createElement(CustomerErrorPage, { locale: 'pt-BR', timeZone: 'America/Sao_Paulo', messages: await messagesFor('pt-BR'), nonce: 'n', path: '/pay/curso?x=1', ...overrides }),
  );

it('says what happened in the customer’s language, with the logged reference and a way to try again', async () => {
  const messages = (await messagesFor('pt-BR')) as { errorPage: Record<string, string> };
  const html = await page({ notFound: false, reference: 'ab12cd34' });
  expect(html).toContain(messages.errorPage.title);
  expect(html).toContain('ab12cd34');
  expect(html).toContain(`href="/pay/curso?x=1"`);
});

it('reads a 404 as the customers’ "not available" page, without a reference', async () => {
  const messages = (await messagesFor('pt-BR')) as { pay: { notFound: Record<string, string> } };
  const html = await page({ notFound: true, reference: null });
  expect(html).toContain(messages.pay.notFound.title);
});
