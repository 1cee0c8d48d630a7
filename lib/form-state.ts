// The state every form's server action returns, shared by the client forms and the server actions.
// Messages are keys into messages/*.json (namespace "errors" for field errors), so the server never
// hard-codes a language.
export type FieldErrors = Record<string, string[] | undefined>;

export type FormState = {
  status: 'idle' | 'error' | 'success';
  /** A form-level message key (e.g. "errors.invalidCredentials"). */
  message?: string;
  /** Values to interpolate into `message`. */
  messageValues?: Record<string, string>;
  fieldErrors?: FieldErrors;
  /** What the person typed, echoed back on error (never passwords or secrets) so nothing is lost without JS. */
  values?: Record<string, string>;
};

export const initialFormState: FormState = { status: 'idle' };

type MessageValues = Record<string, string | number>;

/**
 * A field error whose message takes values ("Use at most {max} characters"). zod issues and react-hook-form errors
 * carry one string, so the values travel in it, as a query string after the key: "priceNameTooLong?max=120". The
 * reader's side formats them (`{max, number}`), so a limit is written as the reader writes numbers.
 */
export function errorMessage(key: string, values: MessageValues): string {
  const search = new URLSearchParams();
  // Each value's type travels too (n: number, s: string): an example like "49.90" must not come back as 49.9.
  for (const [name, value] of Object.entries(values)) search.set(name, `${typeof value === 'number' ? 'n' : 's'}${value}`);
  return `${key}?${search.toString()}`;
}

/** The key and values of a field error made by errorMessage (a plain key has none), each value of its own type. */
export function readErrorMessage(message: string): { key: string; values?: MessageValues } {
  const mark = message.indexOf('?');
  if (mark < 0) return { key: message };
  const values: MessageValues = {};
  for (const [name, value] of new URLSearchParams(message.slice(mark + 1))) values[name] = value.startsWith('n') ? Number(value.slice(1)) : value.slice(1);
  return { key: message.slice(0, mark), values };
}
