// The merchant's emails (Settings → Emails): those written to them and to their customers, newest first.
import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { emailOutbox, type OutboxEmail } from '@/db/schema';

export type EmailRow = Pick<OutboxEmail, 'id' | 'audience' | 'toAddress' | 'subject' | 'status' | 'attempts' | 'lastError' | 'sentAt' | 'createdAt'> & {
  /** Null when the body holds an account link (verification, password reset) that went out by email. */
  body: string | null;
};

/**
 * Account emails (lib/auth/account.ts, keys `account:…`) carry single-use links: once sent by email their body is
 * not shown here, or a stolen session could read a reset link and take the account over. Without SMTP (`kept`) the
 * outbox is the only way to read them, so they are shown.
 */
const hidesLink = (email: { dedupeKey: string; status: OutboxEmail['status'] }) => email.dedupeKey.startsWith('account:') && email.status !== 'kept';

export const EMAILS_LIMIT = 100;

export async function listEmails(merchantId: string): Promise<EmailRow[]> {
  const db = await getDb();
  const rows = await db
    .select({
      dedupeKey: emailOutbox.dedupeKey,
      id: emailOutbox.id,
      audience: emailOutbox.audience,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      body: emailOutbox.body,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      sentAt: emailOutbox.sentAt,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.merchantId, merchantId))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(EMAILS_LIMIT);
  return rows.map(({ dedupeKey, ...email }) => ({ ...email, body: hidesLink({ dedupeKey, status: email.status }) ? null : email.body }));
}
