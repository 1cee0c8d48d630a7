'use client';
import { useEffect } from 'react';
import { TIME_ZONE_COOKIE } from '@/lib/i18n/request-keys';

/**
 * Tells the server the browser's time zone (a cookie), so visitors' pages show times in their zone from the next
 * page on, and a new account starts in it (app/(auth)/actions.ts). Without JavaScript times stay in UTC, named.
 */
export function TimeZoneCookie() {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const current = document.cookie.split('; ').find((entry) => entry.startsWith(`${TIME_ZONE_COOKIE}=`));
    if (zone && current !== `${TIME_ZONE_COOKIE}=${zone}`) {
      document.cookie = `${TIME_ZONE_COOKIE}=${zone}; path=/; max-age=31536000; samesite=lax`;
    }
  }, []);
  return null;
}
