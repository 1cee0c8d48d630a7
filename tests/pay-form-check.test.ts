// The payment page checks its form in the browser without zod (components/pay/check-pay-form.ts, to keep the public
// page light); the server action checks it with paySchema. The customer must see the same messages from both: here,
// on hand-picked and generated input, every field's message is the same.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { regexes } from 'zod/v4/core';
import { checkPayForm, EMAIL_PATTERN, PAY_FIELDS, payCheckMessageKeys, type PayField, type PayFieldErrors } from '@/components/pay/check-pay-form';
import { paySchema, type PayRequirements } from '@/lib/checkout/schema';
import { TAX_ID_TYPES, type TaxIdCountry } from '@/lib/checkout/tax-id';

type Input = Record<PayField, string>;

function serverErrors(requirements: PayRequirements, input: Input): PayFieldErrors {
  const parsed = paySchema(requirements).safeParse(input);
  if (parsed.success) return {};
  const errors: PayFieldErrors = {};
  for (const [field, messages] of Object.entries(z.flattenError(parsed.error).fieldErrors)) {
    const first = (messages as string[] | undefined)?.[0];
    if (first) errors[field as PayField] = first;
  }
  return errors;
}

const english = JSON.parse(readFileSync(new URL('../messages/en.json', import.meta.url), 'utf8')) as { errors: Record<string, string> };

const browserErrors = (requirements: PayRequirements, input: Input) => checkPayForm(requirements, (field) => input[field]);

const requirementsList: PayRequirements[] = [{ taxIdCountry: null }, ...(Object.keys(TAX_ID_TYPES) as TaxIdCountry[]).map((taxIdCountry) => ({ taxIdCountry }))];

const valid: Input = {
  submissionKey: 'abcdefghijklmnopqrstuvwx',
  email: 'ana@example.com',
  firstName: 'Ana',
  lastName: 'Souza',
  taxIdType: 'CPF',
  taxIdNumber: '111.444.777-35',
};

describe('checkPayForm (browser) and paySchema (server)', () => {
  it('uses zod’s own email pattern', () => {
    expect(EMAIL_PATTERN.source).toBe(regexes.email.source);
    expect(EMAIL_PATTERN.flags).toBe(regexes.email.flags);
  });

  it('gives the same messages on hand-picked input', () => {
    const cases: Array<Partial<Input>> = [
      {},
      { email: '', firstName: ' ', lastName: '' },
      { email: 'not-an-email' },
      { email: ' ANA@Example.COM ' },
      { email: `${'a'.repeat(250)}@example.com` },
      { firstName: 'x'.repeat(101) },
      { taxIdType: '' },
      { taxIdType: 'DNI' },
      { taxIdNumber: '' },
      { taxIdNumber: '1'.repeat(41) },
      { taxIdNumber: '529.982.247-24' },
      { taxIdNumber: '111.111.111-11' },
      { submissionKey: 'short' },
      { submissionKey: '' },
    ];
    for (const requirements of requirementsList) {
      for (const change of cases) {
        const input = { ...valid, ...change };
        expect(browserErrors(requirements, input), JSON.stringify({ requirements, input })).toEqual(serverErrors(requirements, input));
      }
    }
  });

  it('hands the page’s script the text of every message the check can give (and exists in English)', () => {
    const inputs: Array<Partial<Input>> = [
      { submissionKey: '', email: '', firstName: '', lastName: '', taxIdType: '' },
      { email: 'x', firstName: 'x'.repeat(101), lastName: 'x'.repeat(101), taxIdNumber: '' },
      { taxIdNumber: '1'.repeat(41) },
      ...Object.values(TAX_ID_TYPES).flat().map((taxIdType) => ({ taxIdType, taxIdNumber: '123' })),
    ];
    for (const requirements of requirementsList) {
      const keys = payCheckMessageKeys(requirements);
      const given = new Set(inputs.flatMap((change) => Object.values(browserErrors(requirements, { ...valid, ...change }))));
      for (const key of given) expect(keys, JSON.stringify(requirements)).toContain(key);
      for (const key of keys) expect(english.errors, key).toHaveProperty([key]);
    }
  });

  it('gives the same messages on generated input', () => {
    const allTypes = Object.values(TAX_ID_TYPES).flat();
    const text = fc.oneof(fc.constant(''), fc.constant('  '), fc.string({ maxLength: 8 }), fc.string({ minLength: 95, maxLength: 110 }));
    const input = fc.record({
      submissionKey: fc.oneof(fc.constant(valid.submissionKey), fc.string({ maxLength: 70 })),
      email: fc.oneof(fc.emailAddress(), text, fc.emailAddress().map((email) => ` ${email.toUpperCase()} `)),
      firstName: text,
      lastName: text,
      taxIdType: fc.oneof(fc.constantFrom('', 'XX', ...allTypes)),
      taxIdNumber: fc.oneof(text, fc.stringMatching(/^[0-9.\-/ ]{3,20}$/), fc.stringMatching(/^[A-Z]{4}\d{6}[A-Z0-9]{3}$/)),
    });
    fc.assert(
      fc.property(fc.constantFrom(...requirementsList), input, (requirements, generated) => {
        expect(browserErrors(requirements, generated)).toEqual(serverErrors(requirements, generated));
      }),
      { numRuns: 2000 },
    );
  });

  it('checks every field the form has', () => {
    expect(new Set(PAY_FIELDS)).toEqual(new Set(Object.keys(valid)));
  });
});
