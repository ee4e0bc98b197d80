/**
 * The SMTP side of a test message's receipt, from what smtp-server kept of the session: the HELO,
 * TLS, the envelope and a summary of the dialogue. smtp-server has no per-command hook, so the
 * dialogue is rebuilt from the session state at the end of DATA, in the order RFC 5321 §3 requires.
 */
import type { SMTPServerSession } from 'smtp-server';
import type { Receipt } from '../message/types';
import { shownRecipient } from './receipt';
import type { InboundEnvelope } from './types';

export interface TlsFacts {
  protocol: string;
  cipher: string;
}

function args(params: unknown): string {
  if (!params || typeof params !== 'object') return '';
  return Object.entries(params as Record<string, unknown>)
    .filter(([, v]) => v !== false && v !== undefined)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}=${String(v)}`))
    .join('')
    .slice(0, 200);
}

export function receiptSession(session: SMTPServerSession, envelope: InboundEnvelope, tls: TlsFacts | undefined, mailDomain: string, size: number): Omit<Receipt, 'rdns' | 'dnsbl' | 'receivedAt' | 'size'> {
  const hello = `${session.openingCommand || 'EHLO'} ${envelope.helo}`;
  const rcptTo = envelope.rcptTo.map((a) => shownRecipient(a, mailDomain));
  const mailArgs = args((session.envelope.mailFrom || undefined)?.args);
  const dialogue = [
    `connect from ${envelope.ip}`,
    hello,
    ...(envelope.tls ? [`STARTTLS → ${tls ? `${tls.protocol} ${tls.cipher}` : 'TLS'}`, hello] : []),
    ...(session.transaction > 1 ? [`(message ${session.transaction} of this connection)`] : []),
    `MAIL FROM:<${envelope.mailFrom}>${mailArgs}`,
    ...rcptTo.map((r) => `RCPT TO:<${r}> → 250`),
    `DATA → ${size} bytes`,
    '250 after the report was stored',
  ];
  return {
    ip: envelope.ip,
    helo: envelope.helo,
    tls: envelope.tls ? (tls ?? { protocol: 'TLS', cipher: 'unknown' }) : null,
    mailFrom: envelope.mailFrom,
    rcptTo,
    dialogue,
    by: mailDomain,
  };
}
