// CSV for spreadsheets, streamed: a byte-order mark (Excel reads UTF-8 by it, so "João" stays João), the header,
// then the rows a batch at a time as the client reads them (a pull stream: the next batch is read from the database
// only when the last one has been sent, so a million rows never sit in memory). csv-stringify does the quoting
// (RFC 4180, CRLF records, as Excel writes them).
import 'server-only';
import { stringify } from 'csv-stringify/sync';

const BOM = '\uFEFF';

/**
 * A text from outside (a payer's name, typed by a customer) that starts like a formula is one in Excel ("=HYPERLINK(…)",
 * "+1", "@SUM"): a leading apostrophe makes it text (OWASP "CSV injection"). Numbers and our own codes never need it.
 */
export function textCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** 4990 in a 2-digit currency → "49.90"; 50000 COP → "50000": a plain decimal number, not formatted for a reader. */
export function decimalAmount(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** A time as "2026-03-01 09:05:00" in the merchant's zone: sortable, and read as a date by spreadsheets. */
export function zonedTimestamp(timeZone: string): (date: Date | null) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (date) => {
    if (!date) return '';
    const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  };
}

/**
 * The CSV's bytes: the header, then each batch `next` gives until it gives none. `next` is called again only when the
 * reader wants more, and never after the download was cancelled.
 */
export function csvStream(header: string[], next: () => Promise<string[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const encode = (records: string[][]) => encoder.encode(stringify(records, { record_delimiter: 'windows' }));
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(BOM));
        controller.enqueue(encode([header]));
      },
      async pull(controller) {
        const records = await next();
        if (records.length === 0) controller.close();
        else controller.enqueue(encode(records));
      },
    },
    // One batch queued ahead at most.
    { highWaterMark: 1 },
  );
}

/** The download: a CSV attachment, never cached (it is the merchant's data). */
export function csvResponse(filename: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
