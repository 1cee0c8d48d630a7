import Image from 'next/image';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

type Props = { id: string; name: string; logo: string; description: string };

export function GatewayCard({ id, name, logo, description }: Props) {
  const t = useTranslations('gateways');
  const headingId = `gateway-${id}`;
  return (
    <article aria-labelledby={headingId} className="flex h-full flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex items-center gap-3">
        <Image src={logo} alt="" width={40} height={40} />
        <div>
          <h2 id={headingId} className="font-semibold">
            {name}
          </h2>
          <p className="text-sm text-slate-600">{t('notConnected')}</p>
        </div>
      </div>
      <p className="flex-1 text-sm text-slate-700">{description}</p>
      <div>
        <Button disabled aria-label={t('connectLabel', { gateway: name })} aria-describedby={`${headingId}-soon`}>
          {t('connect')}
        </Button>
        <p id={`${headingId}-soon`} className="mt-2 text-xs text-slate-600">
          {t('comingNext')}
        </p>
      </div>
    </article>
  );
}
