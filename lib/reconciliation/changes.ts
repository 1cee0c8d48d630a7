// What a reconciliation write changed, for gateways whose recording functions report no change of their own (they
// are shared with the notification processors and answer in the processors' terms): the record's state is read
// before and after the write. No gateway code and no adapter imports here, so the gateways' folders can use it.
import 'server-only';
import { getRecordState } from '@/db/queries/reconciliation';
import type { ReconciledRecord } from '@/lib/gateways/adapter-types';

/** Runs `write` (which records one payment or subscription) and says what it changed; null when nothing is held. */
export async function recordedChange(
  accountId: string,
  kind: ReconciledRecord['kind'],
  resourceId: string,
  write: () => Promise<unknown>,
): Promise<ReconciledRecord | null> {
  const before = await getRecordState(accountId, kind, resourceId);
  await write();
  const after = await getRecordState(accountId, kind, resourceId);
  if (!after) return null;
  const change: ReconciledRecord['change'] = !before
    ? 'created'
    : before.status !== after.status
      ? 'moved'
      : before.statusDetail !== after.statusDetail
        ? 'detail'
        : 'unchanged';
  return { kind, id: after.id, resourceId, change, status: after.status };
}
