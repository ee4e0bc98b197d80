/**
 * Per-sender limits of the SMTP listener: concurrent connections and messages per minute per
 * client, so one sender cannot hold every connection slot or fill the database. A client is one
 * IPv4 address, or one IPv6 /64 (what one site is usually given: a sender rotating through its
 * /64 is still one client). Refusals are the replies a sending MTA understands as "retry later":
 * 421 4.7.0 at connect, 451 4.7.1 at MAIL FROM (RFC 5321 §4.2.5, RFC 3463 X.7.0 / X.7.1).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { SMTPServerSession } from 'smtp-server';
import { normalizeIp } from '../dns/ip';
import { replies, type SmtpReply } from './replies';

export interface ClientLimitSettings {
  /** MXRAY_SMTP_MAX_CLIENTS_PER_IP: open connections per client; 0 = no limit. */
  maxConnectionsPerClient: number;
  /** MXRAY_SMTP_MESSAGES_PER_MIN_PER_IP: messages (MAIL FROM) per client per minute; 0 = no limit. */
  messagesPerMinutePerClient: number;
}

/** The bucket a sender's address falls in: the IPv4 address, or the IPv6 /64. */
export function smtpClientKey(remoteAddress: string | undefined): string {
  const ip = normalizeIp(remoteAddress ?? '');
  if (!ip.ok) return 'unknown';
  return ip.version === 6 ? `${ip.ip.split(':').slice(0, 4).join(':')}::/64` : ip.ip;
}

export class SmtpClientLimits {
  private readonly open = new Map<string, number>();
  /** Sessions counted in `open`, so a session refused at connect is never subtracted. */
  private readonly counted = new Map<string, string>();
  private readonly messages: RateLimiterMemory | undefined;

  constructor(private readonly settings: ClientLimitSettings) {
    this.messages = settings.messagesPerMinutePerClient > 0 ? new RateLimiterMemory({ points: settings.messagesPerMinutePerClient, duration: 60 }) : undefined;
  }

  /** At connect: undefined to go on, or the 421 to refuse with (the listener then closes). */
  connect(session: SMTPServerSession): SmtpReply | undefined {
    const max = this.settings.maxConnectionsPerClient;
    if (max <= 0) return undefined;
    const key = smtpClientKey(session.remoteAddress);
    const now = this.open.get(key) ?? 0;
    if (now >= max) return replies.tooManyConnections(max);
    this.open.set(key, now + 1);
    this.counted.set(session.id, key);
    return undefined;
  }

  /** When a session closes, for whatever reason. */
  close(session: SMTPServerSession): void {
    const key = this.counted.get(session.id);
    if (key === undefined) return;
    this.counted.delete(session.id);
    const left = (this.open.get(key) ?? 1) - 1;
    if (left <= 0) this.open.delete(key);
    else this.open.set(key, left);
  }

  /** At MAIL FROM: undefined to go on, or the 451 to answer with. */
  async message(session: SMTPServerSession): Promise<SmtpReply | undefined> {
    if (!this.messages) return undefined;
    try {
      await this.messages.consume(smtpClientKey(session.remoteAddress));
      return undefined;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      return replies.tooManyMessagesPerMinute(this.settings.messagesPerMinutePerClient, Math.ceil(e.msBeforeNext / 1000));
    }
  }
}
