// Every time limit of sending email, and the batch size that follows from them, in one place (README "When payments
// fail"). No imports: the transport (transport.ts) and the outbox (outbox.ts) both read these.
//
//   SMTP (nodemailer, whose own defaults would wait 2 min to connect and 10 min on a silent socket):
//     dnsTimeoutMs        3 s   resolving the SMTP host
//     connectionTimeoutMs 4 s   the TCP (and TLS) connection
//     greetingTimeoutMs   4 s   the server's 220 greeting once connected
//     socketTimeoutMs     8 s   silence on an open connection, at any step (EHLO, AUTH, DATA, the final 250)
//   sendDeadlineMs       15 s   one message, from the connection to the server's 250: the outbox stops waiting then
//                               and schedules a retry (1 min later at the earliest); a healthy server takes ~1 s.
//   leaseMs              45 s   while a sender works on a claimed email, nobody else sends it; a sender that died
//                               mid-send (kill -9) leaves it to the next send-emails tick after 45 s.
//   leaseMarginMs        15 s   what the lease keeps after the last send of a batch to write its result.
//   batchSize = floor((leaseMs − leaseMarginMs) / sendDeadlineMs) = floor(30 / 15) = 2
//                               the emails one claim sends one after the other, each up to its deadline, all within
//                               the claim's lease: even a hanging server never lets a claimed email's lease run out
//                               while its sender still means to send it (which could send it twice). An alert's
//                               emails (merchant, customer) are one claim.
//   jobBudgetMs          45 s   the scheduler's send-emails job claims batch after batch while this much time has not
//                               passed (a backlog after an outage drains over a few ticks; other jobs still run).
const SECOND = 1000;
const sendDeadlineMs = 15 * SECOND;
const leaseMs = 45 * SECOND;
const leaseMarginMs = 15 * SECOND;

export const EMAIL_SENDING = {
  smtp: { dnsTimeoutMs: 3 * SECOND, connectionTimeoutMs: 4 * SECOND, greetingTimeoutMs: 4 * SECOND, socketTimeoutMs: 8 * SECOND },
  sendDeadlineMs,
  leaseMs,
  leaseMarginMs,
  batchSize: Math.floor((leaseMs - leaseMarginMs) / sendDeadlineMs),
  jobBudgetMs: 45 * SECOND,
} as const;
