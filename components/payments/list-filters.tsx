// Filters for the Payments and Subscriptions lists: a plain GET form, so the filtered list is a shareable URL and
// works without JavaScript.
import { getTranslations } from 'next-intl/server';
import { buttonClasses } from '@/components/ui/button';
import { listGateways } from '@/lib/gateways/adapters';

type Props = { action: string; statuses: readonly string[]; values: { gateway?: string; status?: string; query?: string }; searchLabel: string };

const control = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm';

export async function ListFilters({ action, statuses, values, searchLabel }: Props) {
  const t = await getTranslations('payments');
  return (
    <form action={action} method="get" role="search" aria-label={t('filters')} className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-sm font-medium">
        {t('gateway')}
        <select name="gateway" defaultValue={values.gateway ?? ''} className={control}>
          <option value="">{t('allGateways')}</option>
          {listGateways().map(({ catalog }) => (
            <option key={catalog.id} value={catalog.id}>
              {catalog.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        {t('statusFilter')}
        <select name="status" defaultValue={values.status ?? ''} className={control}>
          <option value="">{t('allStatuses')}</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        {searchLabel}
        <input type="search" name="q" defaultValue={values.query ?? ''} placeholder={t('searchPlaceholder')} className={control} />
      </label>
      <button type="submit" className={buttonClasses('secondary')}>
        {t('applyFilters')}
      </button>
    </form>
  );
}
