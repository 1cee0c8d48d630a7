// The account forms' schemas: imported by the client forms and the server alike, so both check the same rules.
// Messages are keys under "errors" in messages/*.json.
import { z } from 'zod';

export const emailField = z.string().trim().min(1, 'enterEmail').email('invalidEmail');
export const nameField = z.string().trim().min(1, 'enterName').max(100, 'nameTooLong');
/** Every new password: sign-up, change, reset. */
export const newPasswordField = z.string().min(10, 'passwordTooShort').max(200, 'passwordTooLong');

export const signInSchema = z.object({
  email: emailField,
  password: z.string().min(1, 'enterPassword'),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const signUpSchema = z.object({
  name: nameField,
  email: emailField,
  password: newPasswordField,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

/** Profile → Change password. Both fields are checked together, so every error shows at once. */
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'enterCurrentPassword'),
  newPassword: newPasswordField,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const forgotPasswordSchema = z.object({ email: emailField });
export type ForgotPasswordInput = z.infer<typeof forgotPasswordSchema>;

/** The reset page: the token travels in a hidden field; a malformed one is "expired or used", not a field error. */
export const resetPasswordSchema = z.object({
  token: z.string().max(200),
  password: newPasswordField,
});
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
