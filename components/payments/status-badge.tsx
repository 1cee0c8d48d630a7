import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';

const SUCCESS = new Set(['approved', 'authorized', 'processed']);
const WARNING = new Set(['rejected', 'cancelled', 'charged_back', 'past_due', 'in_mediation', 'recycling', 'failed', 'paused']);

/** A payment, subscription or charge status, in words (the colour only repeats what the words say). */
export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations('payments.status');
  const tone = SUCCESS.has(status) ? 'success' : WARNING.has(status) ? 'warning' : 'neutral';
  return <Badge tone={tone}>{t.has(status) ? t(status) : status}</Badge>;
}
