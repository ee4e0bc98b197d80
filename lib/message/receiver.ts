/**
 * What the receiving mail system said about the message, from its Authentication-Results,
 * ARC-Authentication-Results and Received-SPF headers.
 *
 * Which header to trust: every MTA prepends its own trace and result headers (RFC 5321 §4.4,
 * RFC 8601 §5), so the receiver's headers sit above anything added upstream — and anything
 * below may have been written by the sender itself (forged "dkim=pass" is a classic). We therefore
 * take the topmost Authentication-Results whose authserv-id belongs to the same organisation as
 * the topmost Received "by" host (the receiving organisation), and merge further ARs from that
 * organisation (iCloud writes one per milter). When no authserv-id matches (Outlook writes none),
 * we fall back to the topmost AR and say so, since it is still the most recently added one.
 */
import { getDomain } from 'tldts';
import { isIP } from 'node:net';
import { parseAuthResults, type AuthResHeader, type AuthResInfo } from './authres';
import { firstParenGroup } from './comment';
import type { HeaderField } from './headers';
import { domainOf } from './headers';
import type { ReceivedInfo } from './received';
import type { AuthSide, AuthVerdict, DkimSide } from './types';

export interface ReceiverView {
  side: AuthSide & { authservId?: string; compauth?: string };
  /** How the AR was chosen: matched the receiving organisation, or just the topmost one. */
  basis: 'authserv-id' | 'topmost' | 'arc' | 'received-spf' | 'none';
  /** ARs that claim results but sit below the receiver's own (possibly forged upstream). */
  ignored: { authservId?: string; position: number }[];
  /** The receiving organisation's domain, from the topmost Received "by" name. */
  receivingOrg?: string;
  /** The client-ip the receiver wrote in Received-SPF, when it did. */
  clientIp?: string;
  heloFromSpf?: string;
  mailFromFromSpf?: string;
  /** smtp.mailfrom from the receiver's spf result. */
  mailFromFromAr?: string;
}

export function orgOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIP(h) || !h.includes('.')) return undefined;
  return getDomain(h, { allowPrivateDomains: false }) ?? h;
}

/** RFC 8601 §2.7 result keywords, plus vendor words mapped to the nearest standard one. */
export function toVerdict(raw: string): { verdict: AuthVerdict; note?: string } {
  const r = raw.toLowerCase();
  switch (r) {
    case 'pass':
    case 'fail':
    case 'softfail':
    case 'neutral':
    case 'none':
    case 'temperror':
    case 'permerror':
    case 'policy':
      return { verdict: r };
    case 'hardfail':
      return { verdict: 'fail' };
    case 'temperr':
      return { verdict: 'temperror' };
    case 'permerr':
      return { verdict: 'permerror' };
    case 'bestguesspass':
      return { verdict: 'none', note: 'bestguesspass: no DMARC record is published; it would have passed if there were one' };
    case 'softpass':
      return { verdict: 'pass', note: 'softpass' };
    default:
      return { verdict: 'neutral', note: `the receiver wrote "${raw}"` };
  }
}

function detailOf(info: AuthResInfo, note?: string): string | undefined {
  const parts = [note, info.reason ? `reason: ${info.reason}` : undefined, ...info.comments].filter((x): x is string => !!x);
  return parts.length ? parts.join('; ') : undefined;
}

function dkimFrom(info: AuthResInfo): DkimSide {
  const { verdict, note } = toVerdict(info.result);
  const domain = info.props['header.d'] ?? domainOf(info.props['header.i']);
  const d: DkimSide = { result: verdict };
  if (domain) d.domain = domain.toLowerCase();
  if (info.props['header.s']) d.selector = info.props['header.s'];
  const detail = detailOf(info, note);
  if (detail) d.detail = detail;
  return d;
}

function mergeInto(side: ReceiverView['side'], ar: AuthResHeader): string | undefined {
  let clientIp: string | undefined;
  for (const info of ar.results) {
    const { verdict, note } = toVerdict(info.result);
    const detail = detailOf(info, note);
    switch (info.method) {
      case 'spf': {
        if (side.spf) break;
        const mailfrom = info.props['smtp.mailfrom'];
        const domain = domainOf(mailfrom) ?? domainOf(info.props['smtp.helo']);
        const ip = /\b(?:designates|sender IP is|client-ip=)\s*([0-9A-Fa-f:.]+)/.exec(info.comments.join(' '))?.[1];
        side.spf = { result: verdict, ...(domain ? { domain } : {}), ...(ip ? { ip } : {}), ...(mailfrom ? { sender: mailfrom } : {}), ...(detail ? { detail } : {}) };
        break;
      }
      case 'dkim':
        if (side.dkim.length < 50) side.dkim.push(dkimFrom(info));
        break;
      case 'dmarc': {
        if (side.dmarc) break;
        const policy = /\bp=([A-Za-z]+)/.exec(info.comments.join(' '))?.[1]?.toLowerCase() ?? info.props.action;
        side.dmarc = { result: verdict, ...(policy ? { policy } : {}), ...(detail ? { detail } : {}), ...(info.props['header.from'] ? { fromDomain: info.props['header.from'].toLowerCase() } : {}) };
        break;
      }
      case 'arc':
        side.arc ??= { result: verdict, ...(detail ? { detail } : {}) };
        // kernel.org and others record the connecting IP here (smtp.client-ip / smtp.remote-ip).
        clientIp ??= info.props['smtp.client-ip'] ?? info.props['smtp.remote-ip'];
        break;
      case 'iprev':
        clientIp ??= info.props['smtp.remote-ip'] ?? info.props['policy.iprev'];
        break;
      case 'compauth':
        side.compauth ??= `${info.result}${info.reason ? ` (reason ${info.reason})` : ''}`;
        break;
      default:
        break;
    }
  }
  return clientIp && isIP(clientIp) ? clientIp : undefined;
}

function isForeign(r: ReceivedInfo | undefined, org: string): boolean {
  const o = orgOf(r?.by);
  return o !== undefined && o !== org;
}

export function readReceiver(fields: HeaderField[], received: ReceivedInfo[]): ReceiverView {
  const side: ReceiverView['side'] = { dkim: [] };
  const byHost = received.map((r) => r.by).find((b) => b && orgOf(b));
  const receivingOrg = orgOf(byHost);
  const ars = fields
    .map((f, position) => ({ f, position }))
    .filter(({ f }) => f.key === 'authentication-results')
    .map(({ f, position }) => ({ position, ar: parseAuthResults(f.value) }));
  const receivedByPosition = new Map<number, ReceivedInfo>();
  let n = 0;
  fields.forEach((f, i) => {
    if (f.key === 'received') receivedByPosition.set(i, received[n++] ?? {});
  });
  const view: ReceiverView = { side, basis: 'none', ignored: [], ...(receivingOrg ? { receivingOrg } : {}) };

  let chosenOrg: string | undefined;
  let arClientIp: string | undefined;
  let chosen = receivingOrg ? ars.find(({ ar }) => orgOf(ar.authservId) === receivingOrg) : undefined;
  if (chosen) view.basis = 'authserv-id';
  else if (ars[0]) {
    chosen = ars[0];
    view.basis = 'topmost';
  }
  if (chosen) {
    chosenOrg = orgOf(chosen.ar.authservId);
    side.authservId = chosen.ar.authservId;
    // Merge the receiver's other ARs (one per milter at iCloud, one per method at kernel.org) up to
    // the first Received header below the chosen one: below that line everything came from upstream,
    // and an AR there naming the receiver is a forgery or a leftover from an earlier delivery.
    let upstreamFrom = Infinity;
    for (let i = chosen.position + 1; i < fields.length; i++) {
      if (receivedByPosition.has(i)) {
        upstreamFrom = i;
        break;
      }
    }
    for (const { ar, position } of ars) {
      const sameOrg = ar === chosen.ar || (chosenOrg !== undefined && orgOf(ar.authservId) === chosenOrg && position < upstreamFrom);
      if (sameOrg) {
        const ip = mergeInto(side, ar);
        arClientIp ??= ip;
      }
      else if (ar.results.length) view.ignored.push({ authservId: ar.authservId, position });
    }
  } else {
    // No AR at all: the receiver's newest ARC-Authentication-Results says the same things (RFC 8617 §4.1.1).
    const arcArs = fields
      .filter((f) => f.key === 'arc-authentication-results')
      .map((f) => {
        const i = Number(/^\s*i\s*=\s*(\d+)\s*;/.exec(f.value)?.[1] ?? 0);
        return { i, ar: parseAuthResults(f.value.replace(/^\s*i\s*=\s*\d+\s*;/, '')) };
      })
      .sort((a, b) => b.i - a.i);
    const top = arcArs[0];
    if (top) {
      view.basis = 'arc';
      side.authservId = top.ar.authservId;
      mergeInto(side, top.ar);
    }
  }

  // Received-SPF (RFC 7208 §9.1) names the client IP; only one the receiving organisation wrote
  // counts, i.e. one above the first Received stamped by a host outside it.
  const firstForeign = receivingOrg ? fields.findIndex((f, i) => f.key === 'received' && isForeign(receivedByPosition.get(i), receivingOrg)) : -1;
  const rspf = fields.find((f, i) => f.key === 'received-spf' && (firstForeign < 0 || i < firstForeign))?.value;
  if (rspf) {
    const result = /^\s*([A-Za-z]+)/.exec(rspf)?.[1] ?? 'neutral';
    const kv = (k: string) => new RegExp(`\\b${k}\\s*=\\s*"?([^";\\s]+)"?`, 'i').exec(rspf)?.[1];
    const clientIp = kv('client-ip');
    if (clientIp && isIP(clientIp)) view.clientIp = clientIp;
    const helo = kv('helo');
    if (helo) view.heloFromSpf = helo;
    const envFrom = kv('envelope-from');
    if (envFrom) view.mailFromFromSpf = envFrom.replace(/^<|>$/g, '');
    if (!side.spf) {
      const { verdict, note } = toVerdict(result);
      const comment = firstParenGroup(rspf);
      const domain = domainOf(view.mailFromFromSpf) ?? domainOf(helo);
      side.spf = { result: verdict, ...(domain ? { domain } : {}), ...(clientIp ? { ip: clientIp } : {}), ...(note || comment ? { detail: [note, comment].filter(Boolean).join('; ') } : {}) };
      if (view.basis === 'none') view.basis = 'received-spf';
    }
  }
  if (side.spf?.sender) view.mailFromFromAr = side.spf.sender;
  if (!view.clientIp && arClientIp) view.clientIp = arClientIp;
  return view;
}
