// Emails: written once per key, sent at once when a sender is configured, a failed send retried by the scheduler
// until it goes, kept in the outbox without SMTP. Runs on PGlite and, with DATABASE_URL, PostgreSQL.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createUser } from '@/db/queries/users';
import { emailOutbox } from '@/db/schema';
import { raiseAlert } from '@/lib/alerts/notify';
import { EMAIL_RETRY_DELAYS_MS } from '@/lib/email/outbox';
import { EMAIL_SENDING } from '@/lib/email/limits';
import { createSmtpTransport, setEmailSender, type EmailMessage } from '@/lib/email/transport';
import { reloadEnv } from '@/core/env';
import { runJob } from '@/lib/scheduler/jobs';
import { listEmails } from '@/db/queries/emails';
import { describeEachDatabase } from './support/databases';

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  setEmailSender(undefined);
  vi.unstubAllEnvs();
  reloadEnv();
});
afterAll(() => vi.restoreAllMocks());

async function merchant(): Promise<{ id: string; email: string }> {
  const email = `shop-${randomBytes(5).toString('hex')}@example.com`;
  const user = await createUser({ name: 'Shop', email, passwordHash: 'x' });
  if (!user) throw new Error('no user');
  return { id: user.id, email };
}

const failedPayment = (merchantId: string, key: string) => ({
  merchantId,
  kind: 'payment_failed' as const,
  dedupeKey: key,
  accountId: null,
  href: null,
  params: { gateway: 'Secure and Pay', paymentId: 'pay_1', amount: '$29.00', reason: 'The card was declined.', customerReason: 'Your card was declined.', subscription: 'no' },
});

describeEachDatabase('emails', (current) => {
  const db = () => current().db;
  const emailsOf = (merchantId: string) => db().select().from(emailOutbox).where(eq(emailOutbox.merchantId, merchantId));

  it('without SMTP, emails are kept in the outbox, once per key, and the job sends nothing', async () => {
    setEmailSender(null);
    const shop = await merchant();
    const now = new Date();
    expect(await raiseAlert(db(), failedPayment(shop.id, 'k1'), now, { email: 'ana@example.com', orderId: null })).toBe(true);
    expect(await raiseAlert(db(), failedPayment(shop.id, 'k1'), now, { email: 'ana@example.com', orderId: null })).toBe(false);
    const emails = await emailsOf(shop.id);
    expect(emails.map((email) => [email.audience, email.toAddress, email.status]).sort()).toEqual([
      ['customer', 'ana@example.com', 'kept'],
      ['merchant', shop.email, 'kept'],
    ]);
    expect(emails.find((email) => email.audience === 'customer')?.subject).toBe('Your payment of $29.00 did not go through');
    expect((await runJob('send-emails', { now })).result).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('with a sender, an email goes at once; a failed send is retried by the scheduler when due, and sent once', async () => {
    const sent: EmailMessage[] = [];
    let failuresLeft = 1;
    setEmailSender(async (message) => {
      if (failuresLeft-- > 0) throw new Error('SMTP 451 try again later');
      sent.push(message);
    });
    const shop = await merchant();
    const now = new Date();
    await raiseAlert(db(), failedPayment(shop.id, 'k2'), now);
    const [queued] = await emailsOf(shop.id);
    expect(queued).toMatchObject({ status: 'queued', attempts: 1, lastError: 'SMTP 451 try again later' });
    const firstDelay = EMAIL_RETRY_DELAYS_MS[0];
    expect((await runJob('send-emails', { now: new Date(now.getTime() + firstDelay - 1000) })).result).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect((await runJob('send-emails', { now: new Date(now.getTime() + firstDelay) })).result).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect((await runJob('send-emails', { now: new Date(now.getTime() + 10 * firstDelay) })).result).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sent).toEqual([{ to: shop.email, subject: 'A Secure and Pay payment of $29.00 failed', text: expect.stringContaining('pay_1') }]);
    const [done] = await emailsOf(shop.id);
    expect(done).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('gives up after the last retry and marks the email failed', async () => {
    setEmailSender(async () => {
      throw new Error('mailbox unavailable');
    });
    const shop = await merchant();
    let now = new Date();
    await raiseAlert(db(), failedPayment(shop.id, 'k3'), now);
    for (const delay of EMAIL_RETRY_DELAYS_MS) {
      now = new Date(now.getTime() + delay);
      await runJob('send-emails', { now });
    }
    const [email] = await emailsOf(shop.id);
    expect(email).toMatchObject({ status: 'failed', attempts: EMAIL_RETRY_DELAYS_MS.length + 1, lastError: 'mailbox unavailable' });
  });

  it('sends through nodemailer when SMTP_URL is set (an unreachable server: queued for a retry with the error)', async () => {
    // A port nobody listens on: take one, then close it.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 1;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    vi.stubEnv('SMTP_URL', `smtp://127.0.0.1:${port}`);
    reloadEnv();
    const shop = await merchant();
    await raiseAlert(db(), failedPayment(shop.id, 'k4'), new Date());
    const [email] = await emailsOf(shop.id);
    expect(email).toMatchObject({ status: 'queued', attempts: 1 });
    expect(email?.lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it('gives up on an SMTP server that accepts the connection and never greets within nodemailer’s greeting time-out (4 s, not its default 30 s)', async () => {
    const sockets: import('node:net').Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 1;
    try {
      vi.stubEnv('SMTP_URL', `smtp://127.0.0.1:${port}`);
      reloadEnv();
      const shop = await merchant();
      const started = performance.now();
      await raiseAlert(db(), failedPayment(shop.id, 'k5'), new Date());
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(EMAIL_SENDING.smtp.greetingTimeoutMs - 500);
      expect(elapsed).toBeLessThan(EMAIL_SENDING.sendDeadlineMs);
      const [email] = await emailsOf(shop.id);
      expect(email).toMatchObject({ status: 'queued', attempts: 1 });
      expect(email?.lastError).toMatch(/greeting/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('hides the body of a sent account email (its single-use link) from Settings → Emails, and shows a kept one', async () => {
    const shop = await merchant();
    const email = (key: string, status: 'sent' | 'kept') => ({ merchantId: shop.id, dedupeKey: key, audience: 'merchant' as const, toAddress: shop.email, subject: 'Reset', body: 'https://app/reset?token=secret', status });
    await db().insert(emailOutbox).values([email(`account:reset:${shop.id}:1`, 'sent'), email(`account:reset:${shop.id}:2`, 'kept'), email(`${shop.id}:other`, 'sent')]);
    const rows = await listEmails(shop.id);
    expect(rows.map((row) => row.body).sort()).toEqual([null, 'https://app/reset?token=secret', 'https://app/reset?token=secret'].sort());
  });
});

it('the SMTP transport carries our time limits, whatever the URL says', () => {
  const transport = createSmtpTransport('smtps://user:pass@smtp.example.com:465?socketTimeout=600000') as unknown as { options: Record<string, unknown> };
  expect(transport.options).toMatchObject({
    host: 'smtp.example.com',
    port: 465,
    secure: true,
    auth: { user: 'user', pass: 'pass' },
    dnsTimeout: EMAIL_SENDING.smtp.dnsTimeoutMs,
    connectionTimeout: EMAIL_SENDING.smtp.connectionTimeoutMs,
    greetingTimeout: EMAIL_SENDING.smtp.greetingTimeoutMs,
    socketTimeout: EMAIL_SENDING.smtp.socketTimeoutMs,
  });

});
