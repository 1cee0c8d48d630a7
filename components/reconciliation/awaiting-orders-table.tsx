'use client';
// The orders awaiting payment, each with Check now. One form per order posts its id to one action, so the panel has
// one result, shown above the table (role=status) and kept when the order leaves the list because it was found paid.
import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { checkOrderNowAction } from '@/app/(dashboard)/payments/actions';
import { initialFormState } from '@/lib/form-state';
import { CheckResultRegion, useCheckResultText } from './check-result';

/** One order as the table shows it: dates and amounts already in words (formatted on the server). */
export type AwaitingOrderView = {
  id: string;
  date: string;
  amount: string;
  customerEmail: string;
  priceName: string;
  gatewayName: string;
  lastChecked: string | null;
  checkable: boolean;
};

const cell = 'px-3 py-2';

export function AwaitingOrdersTable({ orders }: { orders: AwaitingOrderView[] }) {
  const t = useTranslations('reconciliation');
  const text = useCheckResultText();
  const [state, action, pending] = useActionState(checkOrderNowAction, initialFormState);
  // The order the last check was about: its row may be gone by the time the result shows.
  const [checked, setChecked] = useState<{ id: string; email: string } | null>(null);
  const result = text(state);
  return (
    <div className="flex flex-col gap-3">
      <CheckResultRegion id="awaiting-payment-result" text={result && checked ? t('aboutOrder', { email: checked.email, result }) : result} tone={state.status} />
      {orders.length === 0 ? (
        <p className="text-sm text-slate-600">{t('awaitingEmpty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200">
          <table className="stack-table w-full text-left text-sm">
            <caption className="sr-only">{t('awaitingCaption')}</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {(['date', 'customer', 'amount', 'price', 'gateway', 'lastChecked', 'action'] as const).map((column) => (
                  <th key={column} scope="col" className={`${cell} font-medium`}>
                    {t(`column.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id} className="border-t border-slate-100">
                  <td data-label={t('column.date')} className={`${cell} whitespace-nowrap`}>{order.date}</td>
                  <td data-label={t('column.customer')} className={`${cell} break-all`}>{order.customerEmail}</td>
                  <td data-label={t('column.amount')} className={`${cell} tabular-nums`}>{order.amount}</td>
                  <td data-label={t('column.price')} className={cell}>{order.priceName}</td>
                  <td data-label={t('column.gateway')} className={cell}>{order.gatewayName}</td>
                  <td data-label={t('column.lastChecked')} className={`${cell} whitespace-nowrap`}>{order.lastChecked ?? t('never')}</td>
                  <td data-label={t('column.action')} className={cell}>
                    {order.checkable ? (
                      <form action={action} onSubmit={() => setChecked({ id: order.id, email: order.customerEmail })}>
                        <input type="hidden" name="orderId" value={order.id} />
                        <button
                          type="submit"
                          disabled={pending}
                          aria-label={t('checkOrderLabel', { gateway: order.gatewayName, email: order.customerEmail, date: order.date })}
                          aria-controls="awaiting-payment-result"
                          className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium whitespace-nowrap hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:text-slate-400"
                        >
                          {pending && checked?.id === order.id ? t('checking') : t('checkNow')}
                        </button>
                      </form>
                    ) : (
                      <span className="text-xs text-slate-600">{t('cannotCheck', { gateway: order.gatewayName })}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
