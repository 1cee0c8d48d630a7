// "Export CSV" on the Payments and Subscriptions lists: a plain link to the export route with the list's current
// filters (not its page cursor: the export has every matching row), so the file has the rows the list shows.
import { buttonClasses } from '@/components/ui/button';
import { listHref } from '@/lib/payments/list-params';

type Props = {
  /** The list's path: the export is at <path>/export. */
  path: '/payments' | '/subscriptions';
  filters: { gateway?: string; status?: string; query?: string };
  text: string;
  label: string;
};

export function ExportLink({ path, filters, text, label }: Props) {
  return (
    <p>
      <a href={listHref(`${path}/export`, filters)} download className={buttonClasses('secondary')}>
        <span aria-hidden="true">{text}</span>
        <span className="sr-only">{label}</span>
      </a>
    </p>
  );
}
