// Dates as Mercado Pago writes them: ISO 8601 with milliseconds, in UTC.

export const DAY_MS = 86_400_000;

export const nowIso = () => new Date().toISOString();

export const addDays = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();

export function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString();
}
