// Timestamps as the contract writes them: ISO 8601 in UTC, to the second ("2025-11-22T20:15:00Z", docs/secureandpay-api.md §1).

const DAY_MS = 86_400_000;

export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export const addDays = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
