// Each tax-id validator against valid and invalid numbers (issue 6 proof). Valid numbers are published ones
// (AFIP's own CUIT, DIAN's NIT, Receita Federal's alphanumeric CNPJ example) or textbook examples.
import { describe, expect, it } from 'vitest';
import {
  isValidCc,
  isValidCe,
  isValidCnpj,
  isValidCpf,
  isValidCuil,
  isValidCuit,
  isValidDni,
  isValidNit,
  isValidRfc,
  isValidTaxId,
  normalizeTaxId,
  taxIdTypesFor,
} from '@/lib/checkout/tax-id';

describe('CPF (Brazil)', () => {
  it.each(['529.982.247-25', '52998224725', '111.444.777-35', ' 111 444 777 35 '])('accepts %s', (value) => expect(isValidCpf(value)).toBe(true));
  it.each([
    ['a wrong second check digit', '529.982.247-24'],
    ['a wrong first check digit', '529.982.247-15'],
    ['repeated digits', '111.111.111-11'],
    ['zeros', '000.000.000-00'],
    ['10 digits', '5299822472'],
    ['12 digits', '529982247250'],
    ['letters', '529.982.247-2X'],
    ['empty', ''],
  ])('refuses %s', (_case, value) => expect(isValidCpf(value)).toBe(false));
});

describe('CNPJ (Brazil)', () => {
  it.each(['11.222.333/0001-81', '11222333000181', '11.444.777/0001-61', '12.ABC.345/01DE-35', '12abc34501de35'])('accepts %s', (value) =>
    expect(isValidCnpj(value)).toBe(true),
  );
  it.each([
    ['a wrong check digit', '11.222.333/0001-80'],
    ['swapped digits', '11.222.333/0010-81'],
    ['zeros', '00.000.000/0000-00'],
    ['letters in the check digits', '12.ABC.345/01DE-3A'],
    ['13 characters', '1122233300018'],
    ['a CPF', '529.982.247-25'],
  ])('refuses %s', (_case, value) => expect(isValidCnpj(value)).toBe(false));
});

describe('DNI, CUIT and CUIL (Argentina)', () => {
  it.each(['12345678', '1234567', '12.345.678'])('DNI accepts %s', (value) => expect(isValidDni(value)).toBe(true));
  it.each(['123456', '123456789', '11111111', '12345A78'])('DNI refuses %s', (value) => expect(isValidDni(value)).toBe(false));

  it.each(['33-69345023-9', '33693450239', '30-50001091-2', '20-17254359-7'])('CUIT accepts %s', (value) => expect(isValidCuit(value)).toBe(true));
  it.each([
    ['a wrong check digit', '33-69345023-8'],
    ['an unknown prefix', '21-17254359-7'],
    ['10 digits', '2017254359'],
  ])('CUIT refuses %s', (_case, value) => expect(isValidCuit(value)).toBe(false));

  it('CUIL takes people’s prefixes only', () => {
    expect(isValidCuil('20-17254359-7')).toBe(true);
    expect(isValidCuil('27-00000000-6')).toBe(true);
    // A company's CUIT (prefix 30/33) is not a CUIL.
    expect(isValidCuil('33-69345023-9')).toBe(false);
    expect(isValidCuil('20-17254359-6')).toBe(false);
  });
});

describe('CC, CE and NIT (Colombia)', () => {
  it.each(['1020304050', '123', '79.456.123'])('CC accepts %s', (value) => expect(isValidCc(value)).toBe(true));
  it.each(['12', '12345678901', '0123456', 'ABC123'])('CC refuses %s', (value) => expect(isValidCc(value)).toBe(false));
  it.each(['123456', 'E123456'])('CE accepts %s', (value) => expect(isValidCe(value)).toBe(true));
  it.each(['12', '12345678901'])('CE refuses %s', (value) => expect(isValidCe(value)).toBe(false));

  it.each(['800197268-4', '800.197.268-4', '8001972684', '860034313-7', '900373115-3'])('NIT accepts %s', (value) => expect(isValidNit(value)).toBe(true));
  it.each([
    ['a wrong check digit', '800197268-5'],
    ['a missing check digit after the dash', '800197268-'],
    ['too short', '1234-5'],
    ['letters', '80019726A-4'],
  ])('NIT refuses %s', (_case, value) => expect(isValidNit(value)).toBe(false));
});

describe('RFC (Mexico)', () => {
  it.each(['GODE561231GR8', 'gode561231gr8', 'XAXX010101000', 'ABC680524P76', 'ÑAB010203AB1'])('accepts %s', (value) => expect(isValidRfc(value)).toBe(true));
  it.each([
    ['month 13', 'GODE561331GR8'],
    ['day 00', 'GODE561200GR8'],
    ['too short', 'GOD5612'],
    ['digits for letters', '1234561231GR8'],
    ['14 characters', 'GODEX561231GR8'],
  ])('refuses %s', (_case, value) => expect(isValidRfc(value)).toBe(false));
});

describe('per country', () => {
  it('offers each country’s Mercado Pago identification types', () => {
    expect(taxIdTypesFor('BR')).toEqual(['CPF', 'CNPJ']);
    expect(taxIdTypesFor('AR')).toEqual(['DNI', 'CUIT', 'CUIL']);
    expect(taxIdTypesFor('CO')).toEqual(['CC', 'CE', 'NIT']);
    expect(taxIdTypesFor('MX')).toEqual(['RFC']);
  });

  it('checks by type and normalizes for Mercado Pago', () => {
    expect(isValidTaxId('CPF', '529.982.247-25')).toBe(true);
    expect(isValidTaxId('CNPJ', '529.982.247-25')).toBe(false);
    expect(normalizeTaxId('CPF', '529.982.247-25')).toBe('52998224725');
    expect(normalizeTaxId('CNPJ', '12.abc.345/01de-35')).toBe('12ABC34501DE35');
    expect(normalizeTaxId('CUIT', '33-69345023-9')).toBe('33693450239');
    expect(normalizeTaxId('RFC', ' gode561231gr8 ')).toBe('GODE561231GR8');
  });
});
