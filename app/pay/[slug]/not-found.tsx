// A payment link that leads nowhere (an unknown or mistyped slug: page.tsx calls notFound()). The reader is a
// customer, not the merchant: say what happened and what to do, and offer no way into the dashboard. It renders
// inside app/pay/layout.tsx, which gives it the <main> and the language switcher.
import { getTranslations } from 'next-intl/server';

export default async function PaymentPageNotFound() {
  const t = await getTranslations('pay.notFound');
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p className="text-slate-700">{t('body')}</p>
      <p className="text-slate-700">{t('next')}</p>
    </div>
  );
}
