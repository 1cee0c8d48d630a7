'use server';
import { revalidatePath } from 'next/cache';
import { updateUserName } from '@/db/queries/users';
import { merchantAction } from '@/lib/actions';
import { profileSchema } from '@/lib/merchants/profile-schema';

export const updateProfileAction = merchantAction(profileSchema, async (data, merchant) => {
  await updateUserName(merchant.id, data.name);
  revalidatePath('/', 'layout');
  return { status: 'success', message: 'profile.saved', values: { name: data.name } };
});
