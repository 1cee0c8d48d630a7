// The email outbox. Every email is first written here under a unique key, so processing the same event twice
// writes (and sends) it once. With a sender configured it is queued and sent right away; a failed send is retried
// by the scheduler (job "send-emails") with growing delays, then marked failed. Without one it is kept here and
// the merchant reads it under Settings → Emails. No transaction is ever open while an email is sent: an email is
// claimed (a lease) in one short statement or transaction, sent after it committed, and its result recorded, fenced
// on the claim. The time limits and the batch size are in ./limits.ts.
import 'server-only';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { emailOutbox, type OutboxEmail } from '@/db/schema';
import { log } from '@/lib/server/log';
import { EMAIL_SENDING } from './limits';
import { currentEmailSender, type EmailSender } from './transport';

/** Waits before attempts 2…5; after the 5th failed send the email is marked failed. */
export const EMAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;
const MAX_ERROR_LENGTH = 500;

export type NewEmail = {
  merchantId: string;
  dedupeKey: string;
  audience: 'merchant' | 'customer';
  to: string;
  subject: string;
  body: string;
};

/** Writes the email once (by its key); returns its id when this call wrote it, null when it already existed. */
export async function enqueueEmail(db: Database, email: NewEmail, now: Date): Promise<string | null> {
  const sending = currentEmailSender() !== null;
  const [row] = await db
    .insert(emailOutbox)
    .values({
      merchantId: email.merchantId,
      dedupeKey: email.dedupeKey,
      audience: email.audience,
      toAddress: email.to,
      subject: email.subject,
      body: email.body,
      status: sending ? 'queued' : 'kept',
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: emailOutbox.id });
  return row?.id ?? null;
}

export type SendSummary = { sent: number; retrying: number; failed: number };

export type SendOptions = {
  /** Real time one send may take (EMAIL_SENDING.sendDeadlineMs); tests shorten it. */
  sendDeadlineMs?: number;
};

/**
 * Claims queued emails that are due (all of them, or only `ids`), at most `limit`: each gets a lease and one more
 * attempt, so two senders never send the same one. Meant to be short: run it alone, or in the scheduler's locked
 * transaction, and send (sendClaimedEmails) after it committed.
 */
export async function claimDueEmails(db: Database, now: Date, options: { ids?: string[]; limit?: number } = {}): Promise<OutboxEmail[]> {
  const { ids } = options;
  if (ids && ids.length === 0) return [];
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'queued'), lte(emailOutbox.nextAttemptAt, now), ids ? inArray(emailOutbox.id, ids) : undefined))
    .orderBy(emailOutbox.nextAttemptAt)
    .limit(options.limit ?? EMAIL_SENDING.batchSize)
    .for('update', { skipLocked: true });
  return db
    .update(emailOutbox)
    .set({ attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + EMAIL_SENDING.leaseMs) })
    .where(inArray(emailOutbox.id, due))
    .returning();
}

class SendDeadlineExceeded extends Error {}

/** One send, given up after `deadlineMs` (nodemailer's own time-outs normally end it sooner: ./limits.ts). */
async function sendWithin(sender: EmailSender, email: OutboxEmail, deadlineMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendDeadlineExceeded(`no answer from the mail server within ${deadlineMs / 1000} s`)), deadlineMs);
  });
  const sending = sender({ to: email.toAddress, subject: email.subject, text: email.body });
  // A send left behind at its deadline may still fail later: nothing waits for it any more.
  sending.catch(() => {});
  try {
    await Promise.race([sending, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends emails claimed by claimDueEmails, one after the other, each within its deadline, and records each result at
 * once, only if the claim is still this sender's (same attempt, still queued). Call it with no transaction open.
 */
export async function sendClaimedEmails(db: Database, claimed: OutboxEmail[], now: Date, options: SendOptions = {}): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retrying: 0, failed: 0 };
  const sender = currentEmailSender();
  if (!sender || claimed.length === 0) return summary;
  for (const email of claimed) {
    const fence = and(eq(emailOutbox.id, email.id), eq(emailOutbox.attempts, email.attempts), eq(emailOutbox.status, 'queued'));
    try {
      await sendWithin(sender, email, options.sendDeadlineMs ?? EMAIL_SENDING.sendDeadlineMs);
      await db.update(emailOutbox).set({ status: 'sent', sentAt: now, lastError: null }).where(fence);
      summary.sent++;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
      const delay = EMAIL_RETRY_DELAYS_MS[email.attempts - 1];
      log.warn(delay === undefined ? 'email not sent, giving up' : 'email not sent, will retry', { emailId: email.id, attempts: email.attempts, error: message });
      await db
        .update(emailOutbox)
        .set(delay === undefined ? { status: 'failed', lastError: message } : { lastError: message, nextAttemptAt: new Date(now.getTime() + delay) })
        .where(fence);
      if (delay === undefined) summary.failed++;
      else summary.retrying++;
    }
  }
  return summary;
}

/**
 * Claims and sends queued emails that are due (one batch of all of them, or only `ids`): right after an email was
 * written (lib/alerts/notify.ts), or by anything else with no transaction open.
 */
export async function sendDueEmails(db: Database, now: Date, ids?: string[], options: SendOptions = {}): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retrying: 0, failed: 0 };
  if (!currentEmailSender()) return summary;
  // A claim never holds more than one batch: the lease covers that many sends at their deadline (./limits.ts).
  const chunks: (string[] | undefined)[] = [];
  if (!ids) chunks.push(undefined);
  else for (let start = 0; start < ids.length; start += EMAIL_SENDING.batchSize) chunks.push(ids.slice(start, start + EMAIL_SENDING.batchSize));
  const began = performance.now();
  for (const [index, chunk] of chunks.entries()) {
    // Later chunks lease (and record) from the time they start, not from the call's.
    const at = index === 0 ? now : new Date(now.getTime() + (performance.now() - began));
    const sent = await sendClaimedEmails(db, await claimDueEmails(db, at, chunk ? { ids: chunk } : {}), at, options);
    summary.sent += sent.sent;
    summary.retrying += sent.retrying;
    summary.failed += sent.failed;
  }
  return summary;
}
