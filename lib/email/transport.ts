// How an email leaves the platform: nodemailer over SMTP_URL. Without SMTP_URL nothing is sent and emails stay in
// the outbox for the merchant to read (lib/email/outbox.ts). Tests swap the sender for one that records or fails.
import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { getEnv } from '@/core/env';
import { EMAIL_SENDING } from './limits';

export type EmailMessage = { to: string; subject: string; text: string };
export type EmailSender = (message: EmailMessage) => Promise<void>;

const holder = globalThis as typeof globalThis & { __emailSender?: EmailSender | null; __smtpTransport?: { url: string; transport: Transporter } };

/** The sender in use, or null when emails are only kept (no SMTP_URL and no test sender). */
export function currentEmailSender(): EmailSender | null {
  if (holder.__emailSender !== undefined) return holder.__emailSender;
  const { SMTP_URL, EMAIL_FROM } = getEnv();
  if (!SMTP_URL) return null;
  // One transport per URL, kept across Next's bundles like the database handle.
  if (holder.__smtpTransport?.url !== SMTP_URL) holder.__smtpTransport = { url: SMTP_URL, transport: createSmtpTransport(SMTP_URL) };
  const transport = holder.__smtpTransport.transport;
  return async (message) => {
    await transport.sendMail({ from: EMAIL_FROM, to: message.to, subject: message.subject, text: message.text });
  };
}

/**
 * nodemailer over the URL, with our time limits (lib/email/limits.ts) instead of its defaults (2 min to connect,
 * 10 min of silence): they win over the same options in the URL's query, so the outbox's arithmetic holds.
 */
export function createSmtpTransport(url: string): Transporter {
  const { smtp } = EMAIL_SENDING;
  return nodemailer.createTransport({
    ...parseConnectionUrl(url),
    dnsTimeout: smtp.dnsTimeoutMs,
    connectionTimeout: smtp.connectionTimeoutMs,
    greetingTimeout: smtp.greetingTimeoutMs,
    socketTimeout: smtp.socketTimeoutMs,
  });
}

/** Tests: a sender of their own (null: behave as if SMTP_URL were unset; undefined: back to the environment). */
export function setEmailSender(sender: EmailSender | null | undefined): void {
  holder.__emailSender = sender;
}
