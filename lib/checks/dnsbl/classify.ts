import type { DnsOutcome } from '../../dns/types';
import type { CodeKind, DnsblZone, ListingStatus, TestPointResult, ZoneListing } from './types';

/** Does an IPv4 answer match a code pattern ("127.0.0.4-7", "127.0.*.3", "127.255.255.*")? */
export function matchCode(pattern: string, ip: string): boolean {
  const p = pattern.split('.');
  const a = ip.split('.');
  if (p.length !== 4 || a.length !== 4) return false;
  return p.every((part, i) => {
    const n = Number(a[i]);
    if (part === '*') return true;
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) return n >= Number(range[1]) && n <= Number(range[2]);
    return Number(part) === n;
  });
}

export interface CodeReading {
  code: string;
  kind: CodeKind;
  meaning: string;
}

/** What one A record from a zone means. First matching code wins, so specific codes go first. */
export function readCode(zone: DnsblZone, ip: string): CodeReading {
  // RFC 5782 §2.1: list entries are 127.0.0.0/8 addresses; anything else is a hijacked, parked or
  // wildcarding zone (an expired list domain answering with a web server's address).
  if (!/^127\.\d+\.\d+\.\d+$/.test(ip)) {
    return { code: ip, kind: 'error', meaning: `${ip} is not a 127.0.0.0/8 answer: the zone is not behaving as a blocklist (expired or parked domain?)` };
  }
  if (zone.bits?.length) {
    const octets = ip.split('.').map(Number);
    // Multi lists put the bitmask in the last octet of 127.0.0.x.
    if (octets[1] === 0 && octets[2] === 0) {
      const last = octets[3]!;
      const hits = zone.bits.filter((b) => (last & b.bit) !== 0);
      if (hits.length === 0) return { code: ip, kind: zone.unknownCode ?? 'listed', meaning: `code ${ip} (no known bit set)` };
      const kind: CodeKind = hits.some((h) => h.kind === 'refused') ? 'refused' : hits.some((h) => h.kind === 'listed') ? 'listed' : hits[0]!.kind;
      return { code: ip, kind, meaning: hits.map((h) => h.meaning).join(' ') };
    }
  }
  const known = zone.codes.find((c) => matchCode(c.code, ip));
  if (known) return { code: ip, kind: known.kind, meaning: known.meaning };
  return { code: ip, kind: zone.unknownCode ?? 'listed', meaning: zone.unknownCode === 'error' ? `unknown return code ${ip}` : `listed (code ${ip})` };
}

export interface RawAnswer {
  outcome: DnsOutcome | 'DEADLINE';
  /** A record addresses when outcome is NOERROR. */
  addresses: string[];
  message?: string;
}

export interface Classified {
  status: ListingStatus;
  listed: boolean;
  effect?: ZoneListing['effect'];
  meaning: string;
  readings: CodeReading[];
}

const EFFECT: Record<CodeKind, ZoneListing['effect']> = { listed: 'block', good: 'allow', neutral: 'neutral', refused: undefined, error: undefined };

/** Turn one zone's answer for the target into listed / clean / refused / timeout / error. */
export function classifyAnswer(zone: DnsblZone, answer: RawAnswer): Classified {
  switch (answer.outcome) {
    case 'NXDOMAIN':
    case 'NODATA':
      // RFC 5782 §2.1: "not listed" is NXDOMAIN; an existing name without A records is not a listing either.
      return { status: 'clean', listed: false, meaning: zone.list === 'allow' ? 'Not on this allowlist (normal for most senders).' : 'Not listed.', readings: [] };
    case 'TIMEOUT':
    case 'DEADLINE':
      return { status: 'timeout', listed: false, meaning: 'The list did not answer before the deadline; it may be down or slow. Not tested.', readings: [] };
    case 'REFUSED':
      return { status: 'refused', listed: false, meaning: `The DNS resolver refused the query (REFUSED). ${zone.refusalAdvice ?? ''}`.trim(), readings: [] };
    case 'NOERROR':
      break;
    default:
      return { status: 'error', listed: false, meaning: answer.message ?? `The query failed (${answer.outcome}). Not tested.`, readings: [] };
  }
  const readings = answer.addresses.map((ip) => readCode(zone, ip));
  const has = (k: CodeKind) => readings.some((r) => r.kind === k);
  const words = (k: CodeKind) => readings.filter((r) => r.kind === k).map((r) => r.meaning).join(' ');
  if (has('refused')) {
    return { status: 'refused', listed: false, meaning: `${words('refused')} ${zone.refusalAdvice ?? ''}`.trim(), readings };
  }
  if (has('error')) return { status: 'error', listed: false, meaning: words('error'), readings };
  const effectKind: CodeKind = has('listed') ? 'listed' : has('good') ? 'good' : 'neutral';
  return { status: 'listed', listed: true, effect: EFFECT[effectKind], meaning: readings.map((r) => r.meaning).join(' '), readings };
}

/**
 * RFC 5782 §5: a list MUST NOT list 127.0.0.1 (IPv6 ::FFFF:7F00:1; domain "INVALID"). A list that
 * does is broken or wildcarding (a dead list answering "listed" for everything), so its answer
 * for the real target cannot be believed. A refusal code for the test point is not a listing.
 */
export function judgeNotListedTestPoint(zone: DnsblZone, name: string, answer: RawAnswer): TestPointResult {
  if (answer.outcome === 'NXDOMAIN' || answer.outcome === 'NODATA') return { name, answer: answer.outcome, verdict: 'ok' };
  if (answer.outcome !== 'NOERROR') return { name, answer: answer.outcome, verdict: 'unknown' };
  const readings = answer.addresses.map((ip) => readCode(zone, ip));
  const bad = readings.some((r) => r.kind === 'listed' || (r.kind === 'error' && !/^127\./.test(r.code)));
  if (bad) return { name, answer: answer.addresses, verdict: 'bad' };
  return { name, answer: answer.addresses, verdict: readings.every((r) => r.kind === 'refused') ? 'unknown' : 'ok' };
}

/** RFC 5782 §5: a list MUST list 127.0.0.2 (or "TEST"); silence suggests a dead list or a refused resolver. */
export function judgeListedTestPoint(name: string, answer: RawAnswer): TestPointResult {
  if (answer.outcome === 'NOERROR') return { name, answer: answer.addresses, verdict: 'ok' };
  if (answer.outcome === 'NXDOMAIN' || answer.outcome === 'NODATA') return { name, answer: answer.outcome, verdict: 'bad' };
  return { name, answer: answer.outcome, verdict: 'unknown' };
}
