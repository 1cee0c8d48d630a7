// When reconciliation asks a gateway about an order (issue 12: no order stays pending because a notification was
// lost). Pure time arithmetic, no imports: the checkout (lib/checkout) sets the first check, the scheduler's
// `reconcile-orders` job (lib/scheduler/jobs.ts) the later ones.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The checks of an order whose checkout was created, as times after the checkout started: 15 minutes (a notification
 * lost at once: the gateway's first try is long over, GW-MP9, GW-SP7), 1 hour and 6 hours (its retries failing too),
 * 1 day, then once a day until 7 days after the checkout started (a boleto is valid 7 days plus 3, GW-MP24, and a
 * customer may come back to the checkout for days). After the last one the schedule stops (`reconcileAt` null).
 * An order leaves it earlier once settled: paid, or a final failure.
 */
export const RECONCILIATION_SCHEDULE_MS: readonly number[] = [
  15 * MINUTE,
  1 * HOUR,
  6 * HOUR,
  1 * DAY,
  2 * DAY,
  3 * DAY,
  4 * DAY,
  5 * DAY,
  6 * DAY,
  7 * DAY,
];

/**
 * How long a claimed order is left to the instance that claimed it (`lastReconciledAt` is the claim's time): longer
 * than a batch's gateway calls can take, so two instances never ask about one order at once, and short enough that
 * an order whose instance died is checked again soon after.
 */
export const RECONCILIATION_LEASE_MS = 10 * MINUTE;

/** Orders checked per scheduler tick: the calls run one after the other, outside any transaction. */
export const RECONCILIATION_BATCH = 5;

/** The order's place on the schedule: `reconcileAt` is the check of round `round` (an index into the schedule). */
export type ScheduleState = { reconcileAt: Date; round: number };

/** The first check of an order whose checkout started at `start`. */
export function firstCheck(start: Date): ScheduleState {
  return { reconcileAt: new Date(start.getTime() + (RECONCILIATION_SCHEDULE_MS[0] ?? 0)), round: 0 };
}

/**
 * The check after the one due at `state`, counted from the checkout's start (which `state` implies); rounds whose
 * time has already passed (the scheduler was down) are skipped rather than run back to back. Null: the schedule is
 * over.
 */
export function nextCheck(state: ScheduleState, now: Date): ScheduleState | null {
  const offset = RECONCILIATION_SCHEDULE_MS[state.round];
  // A round outside the schedule (the schedule was shortened since): it is over.
  if (offset === undefined) return null;
  const start = state.reconcileAt.getTime() - offset;
  for (let round = state.round + 1; round < RECONCILIATION_SCHEDULE_MS.length; round++) {
    const at = start + (RECONCILIATION_SCHEDULE_MS[round] ?? 0);
    if (at > now.getTime()) return { reconcileAt: new Date(at), round };
  }
  return null;
}
