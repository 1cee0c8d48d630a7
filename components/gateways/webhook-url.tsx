import { useTranslations } from 'next-intl';
import { CopyField } from '@/components/ui/copy-field';

export function WebhookUrl({ url }: { url: string }) {
  const t = useTranslations('connect');
  return <CopyField label={t('webhookUrl')} value={url} copyLabel={t('copy')} copiedLabel={t('copied')} copiedAnnouncement={t('copiedAnnouncement')} />;
}
