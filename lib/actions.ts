// Wrappers that give every server action the same shape: (prevState, formData) => FormState, with the form's
// zod schema checked on the server exactly as on the client, and the session checked by the action itself.
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
 * Like validatedAction, for signed-in merchants only. The session is checked first (a server action is a plain
 * POST that no page check covers) and the merchant comes from the session, never from the form.
 */
export function merchantAction<S extends z.ZodType>(
  schema: S,
  action: (data: z.output<S>, merchant: MerchantProfile, formData: FormData) => Promise<FormState>,
  options: Options = {},
) {
  return async (prev: FormState, formData: FormData): Promise<FormState> => {
    const merchant = await getCurrentMerchant();
    if (!merchant) return { status: 'error', message: 'errors.signedOut' };
    return validatedAction(schema, (data, form) => action(data, merchant, form), options)(prev, formData);
  };
}
