/**
 * Where the message entered the receiving organisation: the connecting IP, HELO name and
 * envelope sender SPF is judged on (RFC 7208 §2.4: SPF checks the client that connected to the
 * receiver's border MTA, not any earlier relay).
 */
import ipaddr from 'ipaddr.js';
import type { Envelope } from './types';
import type { ReceivedInfo } from './received';
import { orgOf, type ReceiverView } from './receiver';

export interface EntryPoint {
  ip?: string;
  helo?: string;
  sender?: string;
  /** Index into the Received list (header order, newest first) of the border hop. */
  receivedIndex?: number;
  /** envelope: the real SMTP session; receiver: the IP the receiver recorded (Received-SPF client-ip, AR smtp.client-ip); received: the border hop in the Received chain. */
  source: 'envelope' | 'receiver' | 'received' | 'none';
}

// Internal address space: a hop from here is inside someone's network, not a border crossing.
const INTERNAL = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'unspecified']);

export function isInternalIp(ip: string): boolean {
  try {
    return INTERNAL.has(ipaddr.process(ip).range());
  } catch {
    return true;
  }
}

export function findEntry(received: ReceivedInfo[], receiver: ReceiverView, returnPath: string | undefined, envelope?: Envelope): EntryPoint {
  if (envelope) {
    return { ip: envelope.ip, ...(envelope.helo ? { helo: envelope.helo } : {}), ...(envelope.mailFrom !== undefined ? { sender: envelope.mailFrom } : {}), source: 'envelope' };
  }
  const sender = returnPath ?? receiver.mailFromFromSpf ?? receiver.mailFromFromAr;
  const withSender = (e: EntryPoint): EntryPoint => (sender !== undefined ? { ...e, sender } : e);
  if (receiver.clientIp) {
    const i = received.findIndex((r) => r.ip === receiver.clientIp);
    const helo = receiver.heloFromSpf ?? (i >= 0 ? received[i]!.from : undefined);
    return withSender({ ip: receiver.clientIp, ...(helo ? { helo } : {}), ...(i >= 0 ? { receivedIndex: i } : {}), source: 'receiver' });
  }
  // Hops between hosts of the receiving side are its internal relays (Exchange Online passes mail
  // between public IPv6 addresses of outlook.com and office365.com hosts); the border is the first
  // hop, walking down from the top, whose sending host is outside every organisation seen as "by" so far.
  const receivingOrgs = new Set<string>();
  let border: { r: ReceivedInfo; i: number } | undefined;
  let firstPublic: { r: ReceivedInfo; i: number } | undefined;
  for (let i = 0; i < received.length; i++) {
    const r = received[i]!;
    const byOrg = orgOf(r.by);
    if (byOrg) receivingOrgs.add(byOrg);
    if (!r.ip || isInternalIp(r.ip)) continue;
    firstPublic ??= { r, i };
    const fromOrg = orgOf(r.rdns) ?? orgOf(r.from);
    if (fromOrg && receivingOrgs.has(fromOrg)) continue;
    border = { r, i };
    break;
  }
  border ??= firstPublic;
  if (!border) return withSender({ source: 'none' });
  return withSender({ ip: border.r.ip!, ...(border.r.from ? { helo: border.r.from } : {}), receivedIndex: border.i, source: 'received' });
}
