// The lint rule that keeps every text a person reads in the message files (issue 14): it fails on literal text in
// markup and in read attributes, and lets keys, codes and punctuation through.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function literalTextErrors(code: string, filePath = 'components/example/example.tsx'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'i18next/no-literal-string').map((message) => message.message);
}

describe('no literal texts in pages and components', () => {
  it('fails on a sentence in markup, in an aria-label, a placeholder or a field label', async () => {
    expect(await literalTextErrors('export function Example() { return <p>Payment received</p>; }')).toHaveLength(1);
    expect(await literalTextErrors('export function Example() { return <button aria-label="Close dialog">x</button>; }')).toHaveLength(1);
    expect(await literalTextErrors('export function Example() { return <input placeholder="Search payments" />; }')).toHaveLength(1);
    expect(await literalTextErrors('export const Example = () => <Field label="Amount" />;')).toHaveLength(1);
    expect(await literalTextErrors("export default function P() { return <h1>Pagamentos</h1>; }", 'app/example/page.tsx')).toHaveLength(1);
  });

  it('lets message keys, codes, class names and marks through', async () => {
    const code = `
      import { useTranslations } from 'next-intl';
      export function Example({ code }: { code: string | null }) {
        const t = useTranslations('payments');
        return <p className="text-sm" data-state="open" aria-label={t('label')}>{t('title')} {code ?? '—'} <span aria-hidden="true">✕</span></p>;
      }`;
    expect(await literalTextErrors(code)).toEqual([]);
  });
});
