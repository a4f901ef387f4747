import nodemailer, { type Transporter } from 'nodemailer';

/**
 * One transport per SMTP URL, so repeated emails (receipts, notices) reuse its connection settings.
 * A memo, not state: without `?pool` a transport holds only the URL's settings (each email opens its
 * own connection), so nodes sharing a process may share it.
 */
const transports = new Map<string, Transporter>();

export function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** The sender: `?from=` on SMTP_URL when given, so a library can use its own address. */
export function senderOf(smtpUrl: string): string {
  return new URL(smtpUrl).searchParams.get('from') ?? 'no-reply@carrel.invalid';
}
