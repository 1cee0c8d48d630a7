// Payer tax numbers, per country, for payment pages whose gateway asks for one (its catalog's payPage rules; Mercado
// Pago, MP5). The type names are Mercado Pago's identification types, sent as `payer.identification.type`
// (https://www.mercadopago.com/developers/en/reference/identification_types/_identification_types/get).
// No server imports: the payment page (client) and the server action validate with the same code, so an
// invalid number is refused before anything is sent to the gateway.
export const TAX_ID_TYPES = {
  BR: ['CPF', 'CNPJ'],
  AR: ['DNI', 'CUIT', 'CUIL'],
  CO: ['CC', 'CE', 'NIT'],
  MX: ['RFC'],
} as const satisfies Record<string, readonly string[]>;

/** A country whose tax numbers we know how to ask for and check. */
export type TaxIdCountry = keyof typeof TAX_ID_TYPES;
export const isTaxIdCountry = (country: string): country is TaxIdCountry => Object.hasOwn(TAX_ID_TYPES, country);

export type TaxIdType = (typeof TAX_ID_TYPES)[TaxIdCountry][number];

export const taxIdTypesFor = (country: TaxIdCountry): readonly TaxIdType[] => TAX_ID_TYPES[country];

/** Digits only: people type CPFs as 123.456.789-09 and CUITs as 20-12345678-6. */
const digitsOf = (value: string) => value.replace(/[\s.\-/]/g, '');

const allSame = (value: string) => /^(.)\1*$/.test(value);

/** Brazil's modulo-11 check digit: weighted sum, remainder 0 or 1 gives 0, else 11 minus the remainder. */
function mod11BrazilDigit(values: number[], weights: number[]): number {
  const sum = values.reduce((total, value, index) => total + value * (weights[index] ?? 0), 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** CPF: 11 digits, the last two are check digits; 000.000.000-00 and other repeated digits are not issued. */
export function isValidCpf(input: string): boolean {
  const cpf = digitsOf(input);
  if (!/^\d{11}$/.test(cpf) || allSame(cpf)) return false;
  const digits = [...cpf].map(Number);
  const first = mod11BrazilDigit(digits.slice(0, 9), [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const second = mod11BrazilDigit(digits.slice(0, 10), [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return digits[9] === first && digits[10] === second;
}

const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * CNPJ: 14 characters, the last two are check digits. From July 2026 the first 12 may be letters too (Receita
 * Federal, IN RFB 2.229/2024); a character counts as its ASCII code minus 48, which for digits is the digit, so
 * one rule checks both the numeric and the alphanumeric form.
 */
export function isValidCnpj(input: string): boolean {
  const cnpj = digitsOf(input).toUpperCase();
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || allSame(cnpj)) return false;
  const values = [...cnpj].map((char) => char.charCodeAt(0) - 48);
  const first = mod11BrazilDigit(values.slice(0, 12), CNPJ_WEIGHTS_1);
  const second = mod11BrazilDigit(values.slice(0, 13), CNPJ_WEIGHTS_2);
  return values[12] === first && values[13] === second;
}

/** DNI: Argentina's national identity number, 7 or 8 digits. */
export function isValidDni(input: string): boolean {
  return /^\d{7,8}$/.test(digitsOf(input)) && !allSame(digitsOf(input));
}

const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
/** People's prefixes (CUIL and a person's CUIT) and companies' (CUIT only). */
const PERSON_PREFIXES = ['20', '23', '24', '27'];
const COMPANY_PREFIXES = ['30', '33', '34'];

/** CUIT/CUIL: 11 digits, type prefix + DNI + a modulo-11 check digit (AFIP). */
function cuitCheck(input: string, prefixes: readonly string[]): boolean {
  const cuit = digitsOf(input);
  if (!/^\d{11}$/.test(cuit) || !prefixes.includes(cuit.slice(0, 2))) return false;
  const digits = [...cuit].map(Number);
  const sum = digits.slice(0, 10).reduce((total, digit, index) => total + digit * (CUIT_WEIGHTS[index] ?? 0), 0);
  const check = 11 - (sum % 11);
  // 11 means 0; 10 is never issued (AFIP changes the prefix to 23/33 instead), so it is invalid.
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && digits[10] === expected;
}

export const isValidCuit = (input: string) => cuitCheck(input, [...PERSON_PREFIXES, ...COMPANY_PREFIXES]);
export const isValidCuil = (input: string) => cuitCheck(input, PERSON_PREFIXES);

/** CC: Colombia's cédula de ciudadanía, 3 to 10 digits. */
export function isValidCc(input: string): boolean {
  const cc = digitsOf(input);
  return /^\d{3,10}$/.test(cc) && !/^0/.test(cc);
}

/** CE: Colombia's cédula de extranjería, 3 to 7 digits (older ones), or up to 10 on the newer cards. */
export function isValidCe(input: string): boolean {
  return /^[0-9A-Z]{3,10}$/i.test(digitsOf(input));
}

const NIT_WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/**
 * NIT: Colombia's tax number with its DIAN check digit (dígito de verificación), typed as 900373115-3 or
 * 9003731153: with a hyphen, what follows it is the check digit; without one, the last digit is.
 */
export function isValidNit(input: string): boolean {
  const trimmed = input.trim();
  const dash = trimmed.lastIndexOf('-');
  const base = digitsOf(dash >= 0 ? trimmed.slice(0, dash) : trimmed.slice(0, -1));
  const check = digitsOf(dash >= 0 ? trimmed.slice(dash + 1) : trimmed.slice(-1));
  if (!/^\d{5,15}$/.test(base) || !/^\d$/.test(check)) return false;
  const reversed = [...base].reverse().map(Number);
  const sum = reversed.reduce((total, digit, index) => total + digit * (NIT_WEIGHTS[index] ?? 0), 0);
  const rest = sum % 11;
  return Number(check) === (rest < 2 ? rest : 11 - rest);
}

/**
 * RFC: Mexico's tax id: 4 letters (people) or 3 (companies), a date YYMMDD and a 3-character homoclave. The
 * homoclave's last character is a check digit whose published algorithm has exceptions SAT does not document,
 * so we check the shape and the date only and let Mercado Pago judge the rest.
 */
export function isValidRfc(input: string): boolean {
  const rfc = input.trim().toUpperCase().replace(/[\s-]/g, '');
  const match = /^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z\d]{2}[A\d])$/.exec(rfc);
  if (!match) return false;
  const [, , , mm, dd] = match;
  const month = Number(mm);
  const day = Number(dd);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const VALIDATORS: Record<TaxIdType, (value: string) => boolean> = {
  CPF: isValidCpf,
  CNPJ: isValidCnpj,
  DNI: isValidDni,
  CUIT: isValidCuit,
  CUIL: isValidCuil,
  CC: isValidCc,
  CE: isValidCe,
  NIT: isValidNit,
  RFC: isValidRfc,
};

export function isValidTaxId(type: TaxIdType, value: string): boolean {
  return VALIDATORS[type](value);
}

/** The number as Mercado Pago expects it: without dots, dashes or spaces, letters upper-case. */
export function normalizeTaxId(type: TaxIdType, value: string): string {
  if (type === 'RFC') return value.trim().toUpperCase().replace(/[\s-]/g, '');
  return digitsOf(value).toUpperCase();
}
