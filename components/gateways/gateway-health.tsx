// Gateway health (issue 15, lib/gateways/health.ts) as the merchant reads it: on the gateways list a line about the
// last notification and any problem with its fix; in Manage the same, plus the last 7 days' outcomes.
import { useFormatter, useTranslations } from 'next-intl';
import type { GatewayHealth, HealthProblem } from '@/lib/gateways/health';

/** The problems, each with what it means and its fix in one sentence (the gateway's own words). */
export function HealthWarnings({ health, gatewayName, headingLevel = 3 }: { health: GatewayHealth; gatewayName: string; headingLevel?: 3 | 4 }) {
  const t = useTranslations();
  const format = useFormatter();
  if (health.problems.length === 0) return null;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const text = (problem: HealthProblem): string => {
    switch (problem.kind) {
      case 'silence':
        return t('health.problem.silence.text', { checkouts: problem.checkouts, since: format.dateTime(problem.since, 'zoned'), hours: problem.hours });
      case 'quiet':
        return problem.since
          ? t('health.problem.quiet.text', { gateway: gatewayName, since: format.dateTime(problem.since, 'zoned') })
          : t('health.problem.quiet.textNever', { gateway: gatewayName });
      case 'verification':
        return t('health.problem.verification.text', {
          reason: t(`notifications.rejectionReason.${problem.reason}`),
          lastAt: format.dateTime(problem.lastAt, 'zoned'),
          accepted: problem.lastAcceptedAt ? format.dateTime(problem.lastAcceptedAt, 'zoned') : 'never',
        });
    }
  };
  return (
    <ul className="flex flex-col gap-2" aria-label={t('health.problemsLabel', { gateway: gatewayName })}>
      {health.problems.map((problem) => (
        <li key={problem.kind} className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
          <Heading className="font-semibold">{t(`health.problem.${problem.kind}.title`, { days: problem.kind === 'quiet' ? problem.days : 0 })}</Heading>
          <p className="mt-1">{text(problem)}</p>
          <p className="mt-1">
            <span className="font-medium">{t('health.fixLabel')}</span> {t(health.fixes[problem.kind])}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** When the gateway last reached us. */
export function LastNotification({ health }: { health: GatewayHealth }) {
  const t = useTranslations('health');
  const format = useFormatter();
  return (
    <p className="text-sm text-slate-700">
      {health.lastReceivedAt ? t('lastReceived', { at: format.dateTime(health.lastReceivedAt, 'zoned') }) : t('neverReceived')}
    </p>
  );
}

/** The last 7 days: stored notifications by outcome, and requests refused at the door by reason. */
export function HealthCounts({ health }: { health: GatewayHealth }) {
  const t = useTranslations();
  const format = useFormatter();
  const { counts } = health;
  const lines: [string, number][] = [
    ['processed', counts.processed ?? 0],
    ['pending', (counts.pending ?? 0) + (counts.processing ?? 0)],
    ['acknowledged', (counts.received ?? 0) + (counts.ignored ?? 0)],
    ['rejected', counts.rejected ?? 0],
    ['failed', counts.failed ?? 0],
  ];
  const shown = lines.filter(([, count]) => count > 0);
  return (
    <div className="flex flex-col gap-1 text-sm">
      <h4 className="font-medium">{t('health.countsTitle')}</h4>
      {shown.length === 0 && health.refused.length === 0 ? <p className="text-slate-600">{t('health.noneIn7Days')}</p> : null}
      <ul className="list-disc pl-5">
        {shown.map(([outcome, count]) => (
          <li key={outcome}>{t(`health.count.${outcome}`, { count })}</li>
        ))}
        {health.refused.map((refusal) => (
          <li key={refusal.reason}>
            {t('health.refusedLine', {
              count: refusal.count,
              reason: t(`notifications.rejectionReason.${refusal.reason}`),
              first: format.dateTime(refusal.firstAt, 'zoned'),
              last: format.dateTime(refusal.lastAt, 'zoned'),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
