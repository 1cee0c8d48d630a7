import { useTranslations } from 'next-intl';
import type { GatewayId } from '@/lib/gateways/ids';

/** What to do with the webhook URL: seed MP4 for Mercado Pago, SP1–SP2 for Secure and Pay. */
export function WebhookInstructions({ gateway }: { gateway: GatewayId }) {
  const t = useTranslations(`connect.${gateway}`);
  const steps = gateway === 'mercadopago' ? [1, 2, 3, 4, 5] : [1, 2, 3];
  return (
    <section aria-labelledby={`${gateway}-instructions`} className="rounded-md bg-slate-50 p-4">
      <h3 id={`${gateway}-instructions`} className="mb-2 text-sm font-semibold">
        {t('instructionsTitle')}
      </h3>
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
        {steps.map((step) => (
          <li key={step}>{t(`instruction${step}`)}</li>
        ))}
      </ol>
    </section>
  );
}

/** Seed MP3: where the merchant finds the credentials, with a link to Mercado Pago's Your integrations. */
export function MercadoPagoCredentialSteps() {
  const t = useTranslations('connect.mercadopago');
  return (
    <section aria-labelledby="mercadopago-steps" className="rounded-md bg-slate-50 p-4">
      <h3 id="mercadopago-steps" className="mb-2 text-sm font-semibold">
        {t('stepsTitle')}
      </h3>
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
        {[1, 2, 3, 4].map((step) => (
          <li key={step}>{t(`step${step}`)}</li>
        ))}
      </ol>
      <p className="mt-2 text-sm text-slate-700">{t('oneSetPerTool')}</p>
      <a
        href="https://www.mercadopago.com/developers/panel/app"
        target="_blank"
        rel="noreferrer"
        className="mt-2 inline-block text-sm font-medium text-indigo-700 underline"
      >
        {t('integrationsLink')}
      </a>
    </section>
  );
}
