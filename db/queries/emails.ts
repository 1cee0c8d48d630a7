// The merchant's emails (Settings → Emails): those written to them and to their customers, newest first.
import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { emailOutbox, type OutboxEmail } from '@/db/schema';

export type EmailRow = Pick<OutboxEmail, 'id' | 'audience' | 'toAddress' | 'subject' | 'body' | 'status' | 'attempts' | 'lastError' | 'sentAt' | 'createdAt'>;

export const EMAILS_LIMIT = 100;

export async function listEmails(merchantId: string): Promise<EmailRow[]> {
  const db = await getDb();
  return db
    .select({
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
}
