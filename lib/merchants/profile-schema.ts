// The Profile form's schema, shared by components/settings/profile-form.tsx and its server action.
import { z } from 'zod';
import { nameField } from '@/lib/auth/schemas';

export const profileSchema = z.object({ name: nameField });
export type ProfileInput = z.infer<typeof profileSchema>;
