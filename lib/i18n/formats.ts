// Named date formats, used as format.dateTime(date, 'zoned'), so each kind of date looks the same on every page.
import type { Formats } from 'next-intl';

export const FORMATS = {
  dateTime: {
    /** A moment where the zone matters (a payment's times, a status change, a refund): "2 Dec 2026, 04:22 GMT-3". */
    zoned: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
    /** The same to the second, for notifications and status history (two can share a minute). */
    zonedSeconds: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
  },
} satisfies Formats;
