// The payment page's schema, shared by the form (client) and the checkout server action. Every field the
// gateway needs is required: email, first and last name always, and the tax number of a country when the
// gateway's catalog asks for one (Mercado Pago, MP5; Secure and Pay asks for none, SP4). The tax number is checked (check digits included) before any
// gateway call. Message keys are under "errors" in messages/*.json. No server imports here.
import { z } from 'zod';
import type { GatewayId } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import type { AccountFacts } from '@/lib/gateways/catalog-types';
import { isTaxIdCountry, isValidTaxId, normalizeTaxId, taxIdTypesFor, type TaxIdCountry, type TaxIdType } from './tax-id';

export type PayRequirements = {
  /** The country whose tax number the page asks for (its types and checks), or null for none. */
  taxIdCountry: TaxIdCountry | null;
};

/** What a payment page of this gateway and account asks for, from the gateway's catalog. */
export function payRequirementsFor(gateway: GatewayId, account: AccountFacts): PayRequirements {
  const country = GATEWAY_CATALOG[gateway].payPage.taxIdCountry(account);
  return { taxIdCountry: country !== null && isTaxIdCountry(country) ? country : null };
}

export type PayData = {
  submissionKey: string;
  email: string;
  firstName: string;
  lastName: string;
  taxId: { type: TaxIdType; number: string } | null;
};

/** Whether this payment page asks for a tax number. */
export const needsTaxId = (requirements: PayRequirements): requirements is { taxIdCountry: TaxIdCountry } => requirements.taxIdCountry !== null;

const text = z.string().default('');

/** One pass over every field, so the customer sees all the problems at once. */
export function paySchema(requirements: PayRequirements) {
  return z
    .object({
      /** One per page load: a double submit sends the same key and makes one order. */
      submissionKey: text,
      email: text,
      firstName: text,
      lastName: text,
      taxIdType: text,
      taxIdNumber: text,
    })
    .transform((input, context): PayData => {
      const issue = (path: keyof typeof input, message: string) => context.addIssue({ code: 'custom', path: [path], message });
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(input.submissionKey)) issue('submissionKey', 'payReload');
      const email = input.email.trim().toLowerCase();
      if (email === '') issue('email', 'payEnterEmail');
      else if (email.length > 254 || !z.email().safeParse(email).success) issue('email', 'payInvalidEmail');
      const firstName = input.firstName.trim();
      const lastName = input.lastName.trim();
      for (const [field, value, missing] of [
        ['firstName', firstName, 'payEnterFirstName'],
        ['lastName', lastName, 'payEnterLastName'],
      ] as const) {
        if (value === '') issue(field, missing);
        else if (value.length > 100) issue(field, 'payNameTooLong');
      }

      let taxId: PayData['taxId'] = null;
      if (needsTaxId(requirements)) {
        const type = taxIdTypesFor(requirements.taxIdCountry).find((candidate) => candidate === input.taxIdType);
        const number = input.taxIdNumber.trim();
        if (!type) issue('taxIdType', 'payChooseTaxIdType');
        else if (number === '') issue('taxIdNumber', 'payEnterTaxId');
        else if (number.length > 40) issue('taxIdNumber', 'payTaxIdTooLong');
        else if (!isValidTaxId(type, number)) issue('taxIdNumber', `payInvalid${type}`);
        else taxId = { type, number: normalizeTaxId(type, number) };
      }
      return { submissionKey: input.submissionKey, email, firstName, lastName, taxId };
    });
}

export type PayFormInput = z.input<ReturnType<typeof paySchema>>;
