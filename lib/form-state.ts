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
