// nodemailer (upgraded to 10 for its advisories, issue 13) really speaks SMTP through the app's transport: a tiny
// in-process SMTP server receives the message createSmtpTransport sends (EHLO, MAIL FROM, RCPT TO, DATA).
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpTransport } from '@/lib/email/transport';

type Received = { commands: string[]; data: string };

let server: Server;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    const session: Received = { commands: [], data: '' };
    received.push(session);
    let inData = false;
    let buffer = '';
    socket.write('220 test.invalid ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 2.0.0 queued\r\n');
          } else session.data += `${line}\n`;
          continue;
        }
        session.commands.push(line);
        const verb = line.split(/[ :]/)[0]?.toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-test.invalid\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sends a message over SMTP with nodemailer 10 through the app transport', async () => {
  const { port } = server.address() as AddressInfo;
  const transport = createSmtpTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`);
  const info = await transport.sendMail({ from: 'Gateway Dashboard <no-reply@example.com>', to: 'merchant@example.com', subject: 'Payment failed', text: 'Olá: the payment failed.' });
  transport.close();
  expect(info.accepted).toEqual(['merchant@example.com']);
  const session = received.at(-1);
  expect(session?.commands).toEqual(expect.arrayContaining(['MAIL FROM:<no-reply@example.com>', 'RCPT TO:<merchant@example.com>', 'DATA']));
  expect(session?.data).toMatch(/^Subject: Payment failed$/m);
  expect(session?.data).toMatch(/^To: merchant@example\.com$/m);
});
