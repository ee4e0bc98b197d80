/** The SMTP identities check_host() works on and the macro values they give (RFC 7208 §4.1, §4.3, §7.3). */
import { normalizeIp } from '../../dns/ip';
import { ipNibbles } from './cidr';
import type { MacroValues } from './macro';
import type { SpfQuery } from './types';

export interface Identity {
  ip: string;
  version: 4 | 6;
  /** <sender> with "postmaster" substituted for an empty local-part. */
  sender: string;
  local: string;
  /** The domain of <sender>: where check_host() starts for MAIL FROM. */
  senderDomain: string;
  helo: string;
  receiver: string;
  now: number;
}

/**
 * RFC 7208 §4.3: a null MAIL FROM is checked as postmaster@<HELO>; an empty local-part becomes
 * "postmaster". Returns undefined when the IP is not an IP address.
 */
export function identityFrom(query: SpfQuery): Identity | undefined {
  const ipc = normalizeIp(query.ip);
  if (!ipc.ok) return undefined;
  const helo = query.helo.trim();
  const mailFrom = query.sender.trim() === '' ? `postmaster@${helo}` : query.sender.trim();
  const at = mailFrom.lastIndexOf('@');
  const local = at > 0 ? mailFrom.slice(0, at) : 'postmaster';
  const senderDomain = (at >= 0 ? mailFrom.slice(at + 1) : mailFrom).replace(/\.$/, '');
  return {
    ip: ipc.ip,
    version: ipc.version,
    sender: `${local}@${senderDomain}`,
    local,
    senderDomain,
    helo,
    receiver: query.receiver ?? 'unknown',
    now: query.now ?? Math.floor(Date.now() / 1000),
  };
}

/** Macro values for a check_host() call on `domain` (%{p} is filled in by the evaluator when used). */
export function macroValues(id: Identity, domain: string): MacroValues {
  return {
    s: id.sender,
    l: id.local,
    o: id.senderDomain,
    d: domain,
    i: id.version === 4 ? id.ip : ipNibbles(id.ip),
    v: id.version === 4 ? 'in-addr' : 'ip6',
    h: id.helo,
    c: id.ip,
    r: id.receiver,
    t: String(id.now),
  };
}
