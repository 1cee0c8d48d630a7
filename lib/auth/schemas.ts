// Sign-in and sign-up schemas: imported by the client forms and the server alike, so both check the same rules.
// Messages are keys under "errors" in messages/*.json.
import { z } from 'zod';

export const emailField = z.string().trim().min(1, 'enterEmail').email('invalidEmail');
export const nameField = z.string().trim().min(1, 'enterName').max(100, 'nameTooLong');

export const signInSchema = z.object({
  email: emailField,
  password: z.string().min(1, 'enterPassword'),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const signUpSchema = z.object({
  name: nameField,
  email: emailField,
  password: z.string().min(10, 'passwordTooShort').max(200, 'passwordTooLong'),
});
export type SignUpInput = z.infer<typeof signUpSchema>;
