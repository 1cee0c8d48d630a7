// The payment page's schema, shared by the form (client) and the checkout server action. Every field the
// gateway needs is required: Mercado Pago: email, first name, last name and tax number (seed MP5); Secure and
// Pay: email, first name and last name (SP4). The tax number is checked (check digits included) before any
// gateway call. Message keys are under "errors" in messages/*.json. No server imports here.
import { z } from 'zod';
import type { GatewayId } from '@/lib/gateways/ids';
import type { MercadoPagoCountryId } from '@/lib/gateways/mercadopago/countries';
import { isValidTaxId, normalizeTaxId, taxIdTypesFor, type TaxIdType } from './tax-id';

export type PayRequirements = {
  gateway: GatewayId;
  /** Mercado Pago: the account's country, which decides the tax number's types. */
  country: MercadoPagoCountryId | null;
};

export type PayData = {
  submissionKey: string;
  email: string;
  firstName: string;
  lastName: string;
  taxId: { type: TaxIdType; number: string } | null;
};

/** Whether this payment page asks for a tax number (MP5: Mercado Pago only). */
export const needsTaxId = (requirements: PayRequirements): requirements is PayRequirements & { country: MercadoPagoCountryId } =>
  requirements.gateway === 'mercadopago' && requirements.country !== null;

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
        const type = taxIdTypesFor(requirements.country).find((candidate) => candidate === input.taxIdType);
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
