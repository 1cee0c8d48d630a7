// The payment page's checks in the browser, without zod or react-hook-form (together about 146 KB of JavaScript, more
// than the rest of the page's own code): the same rules, in the same order, with the same message keys as paySchema
// (lib/checkout/schema.ts), which the server runs again on every submit. tests/pay-form-check.test.ts holds
// the two equal on generated input. Message keys are under "errors" in messages/*.json.
import type { PayRequirements } from '@/lib/checkout/schema';
import { isValidTaxId, taxIdTypesFor } from '@/lib/checkout/tax-id';

/**
 * z.email()'s own pattern (zod's `regexes.email`), copied: importing it brings every pattern of zod's module (6.6 KB
 * minified). tests/pay-form-check.test.ts fails when zod's changes.
 */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

export const PAY_FIELDS = ['submissionKey', 'email', 'firstName', 'lastName', 'taxIdType', 'taxIdNumber'] as const;
export type PayField = (typeof PAY_FIELDS)[number];
/** The first problem of each field, as a message key; a field without one is absent. */
export type PayFieldErrors = Partial<Record<PayField, string>>;

/** Every message key checkPayForm can answer with for a page's requirements (the island gets their texts). */
export function payCheckMessageKeys(requirements: PayRequirements): string[] {
  const keys = ['payReload', 'payEnterEmail', 'payInvalidEmail', 'payEnterFirstName', 'payEnterLastName', 'payNameTooLong'];
  if (requirements.taxIdCountry === null) return keys;
  return [...keys, 'payChooseTaxIdType', 'payEnterTaxId', 'payTaxIdTooLong', ...taxIdTypesFor(requirements.taxIdCountry).map((type) => `payInvalid${type}`)];
}

/** Every field checked in one pass, so the customer sees all the problems at once. */
export function checkPayForm(requirements: PayRequirements, read: (field: PayField) => string): PayFieldErrors {
  const errors: PayFieldErrors = {};
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(read('submissionKey'))) errors.submissionKey = 'payReload';
  const email = read('email').trim().toLowerCase();
  if (email === '') errors.email = 'payEnterEmail';
  else if (email.length > 254 || !EMAIL_PATTERN.test(email)) errors.email = 'payInvalidEmail';
  for (const [field, missing] of [
    ['firstName', 'payEnterFirstName'],
    ['lastName', 'payEnterLastName'],
  ] as const) {
    const value = read(field).trim();
    if (value === '') errors[field] = missing;
    else if (value.length > 100) errors[field] = 'payNameTooLong';
  }
  if (requirements.taxIdCountry !== null) {
    const chosen = read('taxIdType');
    const type = taxIdTypesFor(requirements.taxIdCountry).find((candidate) => candidate === chosen);
    const number = read('taxIdNumber').trim();
    if (!type) errors.taxIdType = 'payChooseTaxIdType';
    else if (number === '') errors.taxIdNumber = 'payEnterTaxId';
    else if (number.length > 40) errors.taxIdNumber = 'payTaxIdTooLong';
    else if (!isValidTaxId(type, number)) errors.taxIdNumber = `payInvalid${type}`;
  }
  return errors;
}
