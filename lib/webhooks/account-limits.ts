// How many of one gateway account's notifications this process works on at once, and how a 429 slows that account
// down. The worker (worker.ts) asks for each busy account's free slots before it claims (claimDueEventsFairly), and
// reports every start, end and 429 here.
//
// AIMD, as TCP does it, per account: the account's limit starts at the maximum (WEBHOOK_ACCOUNT_CONCURRENCY);
// - a 429 halves it (at least 1) and pauses the account for the gateway's Retry-After (else PAUSE_MS): nothing
//   new of that account is claimed meanwhile, while other accounts' notifications go on. Several requests in
//   flight meet the same limit at the same moment, so the 429s of one pause count as one decrease;
// - every notification finished without a 429 adds 1 / limit, i.e. about one more slot per round of `limit`
//   notifications, back up to the maximum.
// This state is the process's own: it sets this process's rate. What every instance must respect is kept in the
// database, so it holds with any number of instances: the maximum counts the account's notifications in flight in
// every process (claimDueEventsFairly), and the worker also writes each 429's pause there (pauseAccountClaims), so
// the other instances stop claiming the account too. They do not halve their own limits: the pause is what reaches
// them, and a 429 of their own halves theirs.
// An account back at its maximum with nothing in flight is forgotten, so the map holds busy accounts only.
import 'server-only';

/** The pause after a 429 that gave no Retry-After. */
export const PAUSE_MS = 1_000;
/** A Retry-After longer than this is not waited in full by the account (the event itself waits it: worker.ts). */
export const MAX_PAUSE_MS = 60_000;

/** How long a 429 pauses the account: the gateway's Retry-After (PAUSE_MS without one), at most MAX_PAUSE_MS. */
export function pauseAfter429(retryAfterMs: number | undefined): number {
  return Math.min(MAX_PAUSE_MS, Math.max(0, retryAfterMs ?? PAUSE_MS));
}

type AccountState = { running: number; limit: number; pausedUntil: number };

export class AccountLimits {
  private readonly accounts = new Map<string, AccountState>();

  constructor(readonly maxPerAccount: number) {}

  private state(accountId: string): AccountState {
    let found = this.accounts.get(accountId);
    if (!found) {
      found = { running: 0, limit: this.maxPerAccount, pausedUntil: 0 };
      this.accounts.set(accountId, found);
    }
    return found;
  }

  private forgetIfIdle(accountId: string, state: AccountState, now: number): void {
    if (state.running === 0 && state.limit >= this.maxPerAccount && state.pausedUntil <= now) this.accounts.delete(accountId);
  }

  /**
   * The free slots of every account this process is busy with or slowing down (0 while paused); an account not
   * listed may take `maxPerAccount`.
   */
  caps(now: number): Map<string, number> {
    const caps = new Map<string, number>();
    for (const [accountId, state] of this.accounts) {
      caps.set(accountId, state.pausedUntil > now ? 0 : Math.max(0, Math.floor(state.limit) - state.running));
    }
    return caps;
  }

  started(accountId: string): void {
    this.state(accountId).running += 1;
  }

  /** One notification of the account ended; `rateLimited` when a 429 was met on the way (already reported). */
  finished(accountId: string, rateLimited: boolean, now: number): void {
    const state = this.state(accountId);
    state.running = Math.max(0, state.running - 1);
    if (!rateLimited) state.limit = Math.min(this.maxPerAccount, state.limit + 1 / state.limit);
    this.forgetIfIdle(accountId, state, now);
  }

  /** The gateway answered 429 for the account: halve its limit (once per pause) and pause it. */
  rateLimited(accountId: string, retryAfterMs: number | undefined, now: number): void {
    const state = this.state(accountId);
    const pause = pauseAfter429(retryAfterMs);
    if (state.pausedUntil <= now) state.limit = Math.max(1, state.limit / 2);
    state.pausedUntil = Math.max(state.pausedUntil, now + pause);
  }

  /** When the account may be sent requests again (0: now); for the event put back after a 429. */
  pausedUntil(accountId: string): number {
    return this.accounts.get(accountId)?.pausedUntil ?? 0;
  }

  /** For tests and the bench: the account's current limit and how many of its notifications are in flight. */
  inspect(accountId: string): { limit: number; running: number; pausedUntil: number } {
    const state = this.accounts.get(accountId);
    return state ? { ...state } : { limit: this.maxPerAccount, running: 0, pausedUntil: 0 };
  }
}
