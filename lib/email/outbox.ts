// The email outbox. Every email is first written here under a unique key, so processing the same event twice
// writes (and sends) it once. With a sender configured it is queued and sent right away; a failed send is retried
// by the scheduler (job "send-emails") with growing delays, then marked failed. Without one it is kept here and
// the merchant reads it under Settings → Emails.
import 'server-only';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { emailOutbox } from '@/db/schema';
import { log } from '@/lib/server/log';
import { currentEmailSender } from './transport';

/** Waits before attempts 2…5; after the 5th failed send the email is marked failed. */
export const EMAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;
/** While one sender works on a queued email, others leave it alone (a crash mid-send frees it after this). */
const SEND_LEASE_MS = 2 * 60_000;
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

/**
 * Sends queued emails that are due (all of them, or only `ids`): each is claimed with a lease first, so two
 * senders never send the same one, and the result is written only if the claim is still this sender's.
 */
export async function sendDueEmails(db: Database, now: Date, ids?: string[]): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retrying: 0, failed: 0 };
  const sender = currentEmailSender();
  if (!sender || (ids && ids.length === 0)) return summary;
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'queued'), lte(emailOutbox.nextAttemptAt, now), ids ? inArray(emailOutbox.id, ids) : undefined))
    .limit(50)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(emailOutbox)
    .set({ attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) })
    .where(inArray(emailOutbox.id, due))
    .returning();
  for (const email of claimed) {
    const fence = and(eq(emailOutbox.id, email.id), eq(emailOutbox.attempts, email.attempts), eq(emailOutbox.status, 'queued'));
    try {
      await sender({ to: email.toAddress, subject: email.subject, text: email.body });
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
