// The time zones a merchant can choose in Profile: every IANA zone this runtime knows, each with its current offset.

/**
 * "(UTC−03:00) America/Sao Paulo", sorted by offset then name, UTC first. `current` (the merchant's saved zone) is
 * always listed: the runtime lists canonical names ("Asia/Calcutta") while browsers may report an alias
 * ("Asia/Kolkata"), and a select without the saved value would silently save another zone.
 */
export function timeZoneOptions(now = new Date(), current?: string): { value: string; label: string }[] {
  const known = Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC');
  const zones = ['UTC', ...known, ...(current && current !== 'UTC' && !known.includes(current) ? [current] : [])];
  return zones
    .map((zone) => ({ zone, offset: offsetMinutes(zone, now) }))
    .sort((a, b) => (a.zone === 'UTC' ? -1 : b.zone === 'UTC' ? 1 : a.offset - b.offset || a.zone.localeCompare(b.zone)))
    .map(({ zone, offset }) => ({ value: zone, label: `(UTC${formatOffset(offset)}) ${zone.replaceAll('_', ' ')}` }));
}

function offsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}
