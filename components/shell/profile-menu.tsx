'use client';
// The profile picture at the top right (seed N1): a menu button with Settings and Sign out. Radix gives it the
// menu roles, arrow-key navigation, Esc to close and focus returning to the button.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRef } from 'react';
import { DropdownMenu } from 'radix-ui';
import { signOutAction } from '@/app/(dashboard)/actions';
import { Avatar } from './avatar';

const itemClasses =
  'block w-full cursor-pointer rounded px-3 py-2 text-left text-sm text-slate-900 outline-none data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-900';

export function ProfileMenu({ name, image }: { name: string; image: string | null }) {
  const t = useTranslations('shell');
  const signOutForm = useRef<HTMLFormElement>(null);
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          aria-label={t('accountMenu', { name })}
          className="rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          <Avatar name={name} image={image} />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={8} className="z-50 min-w-44 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            <DropdownMenu.Label className="px-3 py-2 text-xs text-slate-600">{name}</DropdownMenu.Label>
            <DropdownMenu.Item asChild className={itemClasses}>
              <Link href="/settings/profile">{t('settings')}</Link>
            </DropdownMenu.Item>
            <DropdownMenu.Item className={itemClasses} onSelect={() => signOutForm.current?.requestSubmit()}>
              {t('signOut')}
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <form ref={signOutForm} action={signOutAction} hidden />
    </>
  );
}
