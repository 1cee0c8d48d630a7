// Gateway health (issue 15, README "Gateway health"): per connected account, when its gateway last reached us, what
// came of the last 7 days' notifications, and the problems a merchant would otherwise learn about from a customer —
// each a warning with its fix in one sentence (the gateway's own words, from its adapter). The facts come from
// db/queries/gateway-health.ts; the silence problem is also raised as an alert by the scheduler (lib/scheduler/jobs.ts).
import 'server-only';
import { getDb } from '@/db';
import { getAccountHealthFacts, type RefusedCount } from '@/db/queries/gateway-health';
import type { WebhookEventStatus, WebhookRejectionReason } from '@/db/schema';
import { getEnv } from '@/core/env';
import type { GatewayId } from '@/core/gateway-ids';
import { gatewayOf } from './adapters';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The thresholds, and why:
 * - silence: checkouts started and no notification at all for 2 hours (GATEWAY_SILENCE_MS). A paid checkout is
 *   notified within seconds, and a boleto or pix one when the customer picks it; Mercado Pago's retries come 15 min
 *   apart (GATEWAYS.md), so 2 hours is several missed retries, yet soon enough to fix the URL the same day. One
 *   abandoned checkout can trigger it: the warning says how many checkouts went unanswered.
 * - quiet: nothing received for 3 days while the account had orders in the last 30 days: a subscription's renewals
 *   and late boleto payments notify, and 3 days is longer than a weekend without sales.
 * - the counts and refusals look back 7 days.
 */
export const GATEWAY_HEALTH = {
  windowMs: 7 * DAY,
  quietMs: 3 * DAY,
  ordersWindowMs: 30 * DAY,
  silenceMs: () => getEnv().GATEWAY_SILENCE_MS,
} as const;

/** Refusals that mean "the signature or its key is wrong", as opposed to a body we could not read. */
const VERIFICATION_REASONS: ReadonlySet<WebhookRejectionReason> = new Set([
  'missing_signature',
  'malformed_signature',
  'bad_signature',
  'stale_signature',
  'no_key',
  'site_mismatch',
]);

export type HealthProblem =
  /** Checkouts started since `since` (the oldest one) and not one notification since. */
  | { kind: 'silence'; since: Date; checkouts: number; hours: number }
  /** Nothing received since `since` (null: never) while the account has recent orders. */
  | { kind: 'quiet'; since: Date | null; days: number }
  /** The latest requests were refused (`reason`) and none was accepted since `lastAcceptedAt`. */
  | { kind: 'verification'; reason: WebhookRejectionReason; lastAt: Date; lastAcceptedAt: Date | null };

export type GatewayHealth = {
  lastReceivedAt: Date | null;
  /** The last 7 days' stored notifications by status. */
  counts: Partial<Record<WebhookEventStatus, number>>;
  refused: RefusedCount[];
  problems: HealthProblem[];
  /** The gateway's one-sentence fix for each kind of problem (message keys). */
  fixes: Record<HealthProblem['kind'], string>;
};

export type HealthAccount = {
  id: string;
  merchantId: string;
  gateway: GatewayId;
  mode: 'live' | 'test' | null;
  connectedAt: Date | null;
};

/** Whether the gateway notifies this account at all (Mercado Pago sends none for test credentials, GATEWAYS.md). */
export const expectsNotifications = (account: Pick<HealthAccount, 'gateway' | 'mode'>) =>
  account.mode !== 'test' || gatewayOf(account.gateway).health.notifiesInTestMode;

export async function getGatewayHealth(account: HealthAccount, now = new Date()): Promise<GatewayHealth> {
  const silenceMs = GATEWAY_HEALTH.silenceMs();
  const facts = await getAccountHealthFacts(await getDb(), account, {
    since: new Date(now.getTime() - GATEWAY_HEALTH.windowMs),
    silentBefore: new Date(now.getTime() - silenceMs),
    ordersSince: new Date(now.getTime() - GATEWAY_HEALTH.ordersWindowMs),
  });
  const problems: HealthProblem[] = [];

  // Failing verification: the newest refusal of that kind is newer than anything accepted.
  const failing = facts.refused.find((refusal) => VERIFICATION_REASONS.has(refusal.reason));
  if (failing && (!facts.lastReceivedAt || failing.lastAt > facts.lastReceivedAt)) {
    problems.push({ kind: 'verification', reason: failing.reason, lastAt: failing.lastAt, lastAcceptedAt: facts.lastReceivedAt });
  }

  if (expectsNotifications(account)) {
    if (facts.silentCheckouts) {
      problems.push({ kind: 'silence', since: facts.silentCheckouts.firstAt, checkouts: facts.silentCheckouts.count, hours: Math.max(1, Math.round(silenceMs / HOUR)) });
    } else {
      const lastContact = [facts.lastReceivedAt, facts.lastRefusedAt].reduce<Date | null>((latest, at) => (at && (!latest || at > latest) ? at : latest), null);
      const quietFrom = lastContact ?? account.connectedAt;
      if (facts.recentOrders && quietFrom && now.getTime() - quietFrom.getTime() >= GATEWAY_HEALTH.quietMs) {
        problems.push({ kind: 'quiet', since: lastContact, days: Math.round(GATEWAY_HEALTH.quietMs / DAY) });
      }
    }
  }

  return { lastReceivedAt: facts.lastReceivedAt, counts: facts.counts, refused: facts.refused, problems, fixes: gatewayOf(account.gateway).health.fixes };
}
