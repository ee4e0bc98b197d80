import type { SMTPServerSession } from 'smtp-server';
import { logger } from '../ops/log';
import { recordSmtpMessage } from '../ops/metrics';
import type { SmtpReply } from './replies';

/**
 * What one SMTP connection came to, for the operator: one log line when it closes with the remote
 * IP, the HELO name, how many messages were stored and which refusals it got. Never the envelope
 * addresses or any message content (those belong to the sender and the test address's owner).
 */
interface Outcome {
  accepted: number;
  refused: Record<string, number>;
}

const outcomes = new WeakMap<SMTPServerSession, Outcome>();

function outcomeOf(session: SMTPServerSession): Outcome {
  let o = outcomes.get(session);
  if (!o) outcomes.set(session, (o = { accepted: 0, refused: {} }));
  return o;
}

/** A message was committed and answered 250. */
export function noteAccepted(session: SMTPServerSession): void {
  outcomeOf(session).accepted++;
  recordSmtpMessage('accepted');
}

/** Counts a refusal under a short reason and hands the reply back to the smtp-server callback. */
export function refuse(session: SMTPServerSession, reason: string, reply: SmtpReply): SmtpReply {
  const o = outcomeOf(session);
  o.refused[reason] = (o.refused[reason] ?? 0) + 1;
  recordSmtpMessage('rejected', reason);
  return reply;
}

export function logSmtpSession(session: SMTPServerSession): void {
  const o = outcomes.get(session) ?? { accepted: 0, refused: {} };
  const result = o.accepted > 0 ? 'accepted' : Object.keys(o.refused).length > 0 ? 'rejected' : 'no message';
  logger().info({
    event: 'smtp',
    session: session.id,
    ip: session.remoteAddress,
    helo: session.hostNameAppearsAs || undefined,
    tls: session.secure,
    result,
    accepted: o.accepted,
    refused: Object.keys(o.refused).length ? o.refused : undefined,
  }, 'smtp session');
}
