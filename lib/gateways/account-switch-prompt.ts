// Updating credentials to another gateway account (issue 15): what the update form's action answers the first time
// ("these credentials open another account: confirm"), and the consent the form then sends. Client-safe (no server
// imports): the credentials forms read the prompt, the server action parses the consent with the same schema.
import { z } from 'zod';
import type { FormState } from '@/lib/form-state';

/** The form field that carries the merchant's consent: the id of the account they saw and agreed to switch to. */
export const ACCOUNT_SWITCH_FIELD = 'confirmAccountSwitch';

/** A gateway account as the gateway itself names it (Mercado Pago's GET /users/me, a site's name), so two can be told apart. */
const identitySchema = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });
export type GatewayAccountIdentity = z.infer<typeof identitySchema>;

/** The connected account (`from`), the one the new credentials open (`to`), and the fields a switch needs typed anew. */
const promptSchema = z.object({ from: identitySchema, to: identitySchema, needs: z.array(z.string()) });
export type AccountSwitchPrompt = z.infer<typeof promptSchema>;

/** What a credentials form's action answers: a FormState, with the prompt when the account would change. */
export type CredentialsFormState = FormState & { accountSwitch?: AccountSwitchPrompt };

/** The prompt in an action's answer, if any (the answer travels as plain data: checked, not assumed). */
export function accountSwitchOf(state: FormState): AccountSwitchPrompt | undefined {
  if (!('accountSwitch' in state)) return undefined;
  const parsed = promptSchema.safeParse(state.accountSwitch);
  return parsed.success ? parsed.data : undefined;
}

/** The consent field's value: an account id, or absent (an unticked checkbox sends nothing). */
export const accountSwitchConsentSchema = z.string().trim().min(1).max(200).optional();
