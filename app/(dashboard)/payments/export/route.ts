// The Payments list as CSV, with the list's filters (?gateway=&status=&q=, the Export link carries them), streamed
// (lib/exports). Checks the session itself: a route handler is reached without the dashboard's pages.
import { getTranslations } from 'next-intl/server';
import { PAYMENT_STATUSES } from '@/core/payment-status';
import { exportFilename, paymentsCsv } from '@/lib/exports/records';
import { csvResponse } from '@/lib/exports/csv';
import { listParams } from '@/lib/payments/list-params';
import { requireMerchant } from '@/lib/session';

export async function GET(request: Request): Promise<Response> {
  const merchant = await requireMerchant();
  const { gateway, status, query } = listParams(Object.fromEntries(new URL(request.url).searchParams), PAYMENT_STATUSES);
  const t = await getTranslations({ locale: merchant.locale, namespace: 'exports' });
  return csvResponse(exportFilename('payments', merchant.timeZone), paymentsCsv(merchant, { gateway, status, query }, (key, values) => t(key, values)));
}
