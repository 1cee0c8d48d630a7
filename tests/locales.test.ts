// Which language a visitor gets (issue 14): Accept-Language matched to our six languages, by quality and order, by
// language when the region differs; time zones validated; amounts typed the reader's way.
import { describe, expect, it } from 'vitest';
import { directionOf, isTimeZone, LOCALES, negotiateLocale } from '@/core/locales';
import { decimalSeparator, formatAmountInput, parseAmountMinor } from '@/lib/prices/schema';
import { timeZoneOptions } from '@/lib/i18n/time-zones';

describe('negotiateLocale', () => {
  it('takes an exact tag, else the same language in another region, by quality then order', () => {
    expect(negotiateLocale('pt-BR,pt;q=0.9,en;q=0.8')).toBe('pt-BR');
    expect(negotiateLocale('es-MX,es;q=0.9')).toBe('es');
    expect(negotiateLocale('es-CO')).toBe('es');
    expect(negotiateLocale('pt-PT')).toBe('pt-BR');
    expect(negotiateLocale('fr-CA,en;q=0.5')).toBe('fr');
    expect(negotiateLocale('no')).toBe('nb');
    expect(negotiateLocale('nn-NO')).toBe('nb');
    expect(negotiateLocale('hi-IN,en-IN;q=0.9')).toBe('hi');
    expect(negotiateLocale('de-DE,fr;q=0.3,es;q=0.7')).toBe('es');
    expect(negotiateLocale('en;q=0, fr')).toBe('fr');
  });

  it('gives nothing for an empty, wildcard-only or unknown header', () => {
    expect(negotiateLocale(null)).toBeNull();
    expect(negotiateLocale('')).toBeNull();
    expect(negotiateLocale('*')).toBeNull();
    expect(negotiateLocale('de-DE,ja;q=0.8')).toBeNull();
  });

  it('every language is left-to-right, each has its own messages file name', () => {
    for (const locale of LOCALES) expect(directionOf(locale)).toBe('ltr');
  });
});

describe('time zones', () => {
  it('accepts IANA zones only', () => {
    expect(isTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });

  it('Profile lists UTC first, then every zone by offset with the offset named', () => {
    const options = timeZoneOptions(new Date('2026-12-02T12:00:00Z'));
    expect(options[0]).toEqual({ value: 'UTC', label: '(UTC+00:00) UTC' });
    expect(options).toContainEqual({ value: 'America/Sao_Paulo', label: '(UTC−03:00) America/Sao Paulo' });
    expect(options.length).toBeGreaterThan(300);
    // A browser's alias the runtime does not list is kept when it is the merchant's saved zone.
    const withAlias = timeZoneOptions(new Date('2026-12-02T12:00:00Z'), 'Asia/Kolkata');
    expect(withAlias).toContainEqual({ value: 'Asia/Kolkata', label: '(UTC+05:30) Asia/Kolkata' });
  });
});

describe('amounts typed the reader’s way', () => {
  it('reads the decimal separator and grouping of each language', () => {
    expect(decimalSeparator('pt-BR')).toBe(',');
    expect(decimalSeparator('hi')).toBe('.');
    expect(parseAmountMinor('49,90', 2, 'pt-BR')).toEqual({ ok: true, minor: 4990 });
    expect(parseAmountMinor('1.234,56', 2, 'pt-BR')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmountMinor('1.500', 2, 'pt-BR')).toEqual({ ok: true, minor: 150000 });
    expect(parseAmountMinor('1,234.56', 2, 'en')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmountMinor('1 234,56', 2, 'fr')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmountMinor('1\u202f234,56', 2, 'fr')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmountMinor('1,23,456.78', 2, 'hi')).toEqual({ ok: true, minor: 12345678 });
    expect(parseAmountMinor('150.000', 0, 'es')).toEqual({ ok: true, minor: 150000 });
    expect(parseAmountMinor('49.90', 2, 'pt-BR')).toEqual({ ok: true, minor: 4990 });
  });

  it('refuses what cannot be read one way only', () => {
    expect(parseAmountMinor('1.234.56', 2, 'pt-BR')).toMatchObject({ ok: false });
    expect(parseAmountMinor('1,5,0', 2, 'en')).toMatchObject({ ok: false });
    expect(parseAmountMinor('1.500', 2, 'en')).toMatchObject({ ok: false });
  });

  it('shows a stored amount with the reader’s decimal separator', () => {
    expect(formatAmountInput(4990, 2, 'pt-BR')).toBe('49,90');
    expect(formatAmountInput(4990, 2, 'en')).toBe('49.90');
    expect(formatAmountInput(150000, 0, 'es')).toBe('150000');
  });
});
