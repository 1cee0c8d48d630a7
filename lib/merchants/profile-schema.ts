// The Profile form's schema, shared by components/settings/profile-form.tsx and its server action.
import { z } from 'zod';
import { isLocale, isTimeZone, type Locale } from '@/core/locales';
import { nameField } from '@/lib/auth/schemas';

export const profileSchema = z.object({
  name: nameField,
  locale: z.string().refine(isLocale, 'chooseLanguage').transform((value) => value as Locale),
  timeZone: z.string().refine(isTimeZone, 'chooseTimeZone'),
});
export type ProfileInput = z.input<typeof profileSchema>;
