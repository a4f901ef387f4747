import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailbox {
  url: string;
  mail: ReceivedMail[];
  close(): Promise<void>;
}

/** An SMTP server in the test process, so that sent email (receipts, notices) can be read back. */
export async function startMailbox(): Promise<Mailbox> {
  const mail: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        mail.push({ to: session.envelope.rcptTo.map((recipient) => recipient.address), subject: /^Subject: (.*)$/m.exec(text)?.[1] ?? '', text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mail, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
