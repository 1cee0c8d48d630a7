// A payment link that leads nowhere (an unknown or mistyped slug, or a return to an order that is not there), answered
// with 404. The reader is a customer, not the merchant: say what happened and what to do, and offer no way into the
// dashboard.
import { useTranslations } from 'next-intl';
import { CustomerPage } from '@/components/pay/customer-page';
import type { CustomerPageProps } from '@/lib/i18n/customer-page';

export function PayNotFound(props: CustomerPageProps) {
  return (
    <CustomerPage {...props} title={{ key: 'pay.notFound.title' }}>
      <NotFoundText />
    </CustomerPage>
  );
}

function NotFoundText() {
  const t = useTranslations('pay.notFound');
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p className="text-slate-700">{t('body')}</p>
      <p className="text-slate-700">{t('next')}</p>
    </div>
  );
}
