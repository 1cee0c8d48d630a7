// How an email leaves the platform: nodemailer over SMTP_URL. Without SMTP_URL nothing is sent and emails stay in
// the outbox for the merchant to read (lib/email/outbox.ts). Tests swap the sender for one that records or fails.
import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv } from '@/core/env';

export type EmailMessage = { to: string; subject: string; text: string };
export type EmailSender = (message: EmailMessage) => Promise<void>;

const holder = globalThis as typeof globalThis & { __emailSender?: EmailSender | null; __smtpTransport?: { url: string; transport: Transporter } };

/** The sender in use, or null when emails are only kept (no SMTP_URL and no test sender). */
export function currentEmailSender(): EmailSender | null {
  if (holder.__emailSender !== undefined) return holder.__emailSender;
  const { SMTP_URL, EMAIL_FROM } = getEnv();
  if (!SMTP_URL) return null;
  // One pooled transport per URL, kept across Next's bundles like the database handle.
  if (holder.__smtpTransport?.url !== SMTP_URL) holder.__smtpTransport = { url: SMTP_URL, transport: nodemailer.createTransport(SMTP_URL) };
  const transport = holder.__smtpTransport.transport;
  return async (message) => {
    await transport.sendMail({ from: EMAIL_FROM, to: message.to, subject: message.subject, text: message.text });
  };
}

/** Tests: a sender of their own (null: behave as if SMTP_URL were unset; undefined: back to the environment). */
export function setEmailSender(sender: EmailSender | null | undefined): void {
  holder.__emailSender = sender;
}
