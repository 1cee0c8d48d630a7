import Image from 'next/image';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import type { GatewayId } from '@/core/gateway-ids';
import type { GatewayHealth } from '@/lib/gateways/health';
import { HealthWarnings, LastNotification } from './gateway-health';

type Props = {
  id: GatewayId;
  name: string;
  logo: string;
  description: string;
  status: 'not_connected' | 'pending' | 'connected';
  testMode: boolean;
  /** A connected account's health (issue 15): the last notification and the problems to fix, each with its fix. */
  health?: GatewayHealth;
};

/** Seed N2: each gateway with its Connect button (Manage once connected). */
export function GatewayCard({ id, name, logo, description, status, testMode, health }: Props) {
  const t = useTranslations('gateways');
  const headingId = `gateway-${id}`;
  const connected = status === 'connected';
  const action = connected
    ? { href: `/settings/payment-gateways/${id}/manage`, label: t('manage'), name: t('manageLabel', { gateway: name }) }
    : status === 'pending'
      ? { href: `/settings/payment-gateways/${id}/connect`, label: t('continue'), name: t('continueLabel', { gateway: name }) }
      : { href: `/settings/payment-gateways/${id}/connect`, label: t('connect'), name: t('connectLabel', { gateway: name }) };
  return (
    <article aria-labelledby={headingId} className="flex h-full flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex items-center gap-3">
        <Image src={logo} alt="" width={40} height={40} />
        <div>
          <h2 id={headingId} className="font-semibold">
            {name}
          </h2>
          <p className="flex flex-wrap gap-1 text-sm">
            <Badge tone={connected ? 'success' : 'neutral'}>
              {connected ? t('connected') : status === 'pending' ? t('pending') : t('notConnected')}
            </Badge>
            {testMode ? <Badge tone="warning">{t('testMode')}</Badge> : null}
            {health && health.problems.length > 0 ? <Badge tone="warning">{t('needsAttention')}</Badge> : null}
          </p>
        </div>
      </div>
      <p className="flex-1 text-sm text-slate-700">{description}</p>
      {health ? (
        <div className="flex flex-col gap-2">
          <LastNotification health={health} />
          <HealthWarnings health={health} gatewayName={name} />
        </div>
      ) : null}
      <div>
        <Link id={`gateway-${id}-action`} href={action.href} aria-label={action.name} className={buttonClasses(connected ? 'secondary' : 'primary')}>
          {action.label}
        </Link>
      </div>
    </article>
  );
}
