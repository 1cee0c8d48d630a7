// Everything the home page shows, read in parallel: each query is scoped to the merchant and served by an index,
// and the totals come from the rollup (payment_totals), never from the payments themselves (README "Overview").
import 'server-only';
import { countUnreadAlerts } from '@/db/queries/alerts';
import { getMerchantTimeZone, getOverviewTotals, getSetupProgress, listLatestUnreadAlerts, listRecentPayments, usableTimeZone } from '@/db/queries/overview';
import { OVERVIEW_DAYS, summarizeTotals } from './summary';

/** `timeZone`: the merchant row's (users.time_zone), read here when the caller does not have it. */
export async function loadOverview(merchant: { id: string; timeZone?: string }, now = new Date()) {
  const timeZone = merchant.timeZone === undefined ? await getMerchantTimeZone(merchant.id) : usableTimeZone(merchant.timeZone);
  const [totals, progress, recentPayments, unreadCount, latestAlerts] = await Promise.all([
    getOverviewTotals(merchant.id, timeZone, { days: OVERVIEW_DAYS, now }),
    getSetupProgress(merchant.id),
    listRecentPayments(merchant.id),
    countUnreadAlerts(merchant.id),
    listLatestUnreadAlerts(merchant.id),
  ]);
  return { timeZone, today: totals.today, currencies: summarizeTotals(totals.today, totals.days), progress, recentPayments, unreadCount, latestAlerts };
}
