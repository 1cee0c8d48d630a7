// Tells the server the browser's time zone (a cookie), so visitors' pages show times in their zone from the next page
// on, and a new account starts in it (app/(auth)/actions.ts). Without JavaScript times stay in UTC, named. Run by
// the dashboard's pages (TimeZoneCookie) and by the payment page's script (components/pay/island.ts).
import { TIME_ZONE_COOKIE } from '@/lib/i18n/request-keys';

export function rememberTimeZone(): void {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const current = document.cookie.split('; ').find((entry) => entry.startsWith(`${TIME_ZONE_COOKIE}=`));
  if (zone && current !== `${TIME_ZONE_COOKIE}=${zone}`) document.cookie = `${TIME_ZONE_COOKIE}=${zone}; path=/; max-age=31536000; samesite=lax`;
}
