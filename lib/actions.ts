// Wrappers that give every server action the same shape: (prevState, formData) => FormState, with the form's
// zod schema checked on the server exactly as on the client. Merchant actions check the session only through
// merchantAction / merchantCommand here (never getCurrentMerchant by hand), so no action can forget it.
import 'server-only';
import { z } from 'zod';
import type { MerchantProfile } from '@/db/queries/users';
import type { FormState } from '@/lib/form-state';
import { getCurrentMerchant } from '@/lib/session';

type Options = {
  /** Field names whose values are never echoed back to the browser. */
  secretFields?: readonly string[];
};

function typedValues(formData: FormData, secretFields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === 'string' && !key.startsWith('$ACTION') && !secretFields.includes(key)) values[key] = value;
  }
  return values;
}

function formInput(formData: FormData): Record<string, string> {
  const input: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === 'string' && !key.startsWith('$ACTION')) input[key] = value;
  return input;
}

export function validatedAction<S extends z.ZodType>(
  schema: S,
  action: (data: z.output<S>, formData: FormData) => Promise<FormState>,
  options: Options = {},
) {
  return async (_prev: FormState, formData: FormData): Promise<FormState> => {
    const values = typedValues(formData, options.secretFields ?? []);
    const parsed = schema.safeParse(formInput(formData));
    if (!parsed.success) {
      return { status: 'error', fieldErrors: z.flattenError(parsed.error).fieldErrors as FormState['fieldErrors'], values };
    }
    const result = await action(parsed.data, formData);
    return result.status === 'error' ? { values, ...result } : result;
  };
}

/**
 * The schema a merchant form is checked against: fixed, or made from the signed-in merchant when the form's rules
 * depend on the account (the price form's currencies and periods come from the merchant's connected gateways).
 * A function is called only after the session check, with the merchant from the session.
 */
export type MerchantSchema<S extends z.ZodType> = S | ((merchant: MerchantProfile) => S | Promise<S>);

/**
 * Like validatedAction, for signed-in merchants only. The session is checked first (a server action is a plain
 * POST that no page check covers) and the merchant comes from the session, never from the form. `schema` may be a
 * function of that merchant (see MerchantSchema); either way the form is checked with it before `action` runs.
 *
 * Every merchant server action goes through here or merchantCommand, so none checks the session by hand.
 */
export function merchantAction<S extends z.ZodType>(
  schema: MerchantSchema<S>,
  action: (data: z.output<S>, merchant: MerchantProfile, formData: FormData) => Promise<FormState>,
  options: Options = {},
) {
  return async (prev: FormState, formData: FormData): Promise<FormState> => {
    const merchant = await getCurrentMerchant();
    if (!merchant) return { status: 'error', message: 'errors.signedOut' };
    // A zod schema is an object, never a function, so this tells the two forms of MerchantSchema apart.
    const resolved = typeof schema === 'function' ? await schema(merchant) : schema;
    return validatedAction(resolved, (data, form) => action(data, merchant, form), options)(prev, formData);
  };
}

/**
 * For merchant actions without form fields (a button: mark read, archive, reprocess…), which the components bind to
 * their arguments with `.bind(null, ...args)`, so React calls them as (...args, prevState, formData). The session
 * is checked first, before `command` runs, and the merchant comes from the session; the bound arguments are passed
 * through as they arrive. They travel in the POST, so a crafted request can send anything: `command` must check
 * them (an id that is not a uuid, or not the merchant's, is "not found").
 */
export function merchantCommand<A extends unknown[]>(command: (merchant: MerchantProfile, ...args: A) => Promise<FormState>) {
  return async (...input: [...args: A, prev: FormState, formData: FormData]): Promise<FormState> => {
    const merchant = await getCurrentMerchant();
    if (!merchant) return { status: 'error', message: 'errors.signedOut' };
    // React appends the previous state and the form data after the bound arguments; those two are not the command's.
    return command(merchant, ...(input.slice(0, -2) as A));
  };
}
