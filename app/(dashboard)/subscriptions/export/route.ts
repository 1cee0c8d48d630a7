// The Subscriptions list as CSV, with the list's filters, streamed (lib/exports). Checks the session itself.
import { getTranslations } from 'next-intl/server';
import { SUBSCRIPTION_STATUSES } from '@/core/payment-status';
import { exportFilename, subscriptionsCsv } from '@/lib/exports/records';
import { csvResponse } from '@/lib/exports/csv';
import { listParams } from '@/lib/payments/list-params';
import { requireMerchant } from '@/lib/session';

export async function GET(request: Request): Promise<Response> {
  const merchant = await requireMerchant();
  const { gateway, status, query } = listParams(Object.fromEntries(new URL(request.url).searchParams), SUBSCRIPTION_STATUSES);
  const t = await getTranslations({ locale: merchant.locale, namespace: 'exports' });
  return csvResponse(exportFilename('subscriptions', merchant.timeZone), subscriptionsCsv(merchant, { gateway, status, query }, (key, values) => t(key, values)));
}
