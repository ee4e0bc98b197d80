/** Fetch a domain's SPF record through the check's resolver (RFC 7208 §4.4, §4.5). */
import type { DnsResolver } from '../../dns/resolver';
import type { DnsOutcome } from '../../dns/types';
import { isSpfRecord, parseRecord } from './parse';
import type { ParsedRecord } from './types';

export interface TxtRecord {
  /** Character-strings joined with nothing (RFC 7208 §3.3). */
  text: string;
  strings: string[];
}

export type RecordLookup =
  | { kind: 'found'; record: TxtRecord; parsed: ParsedRecord; ttl: number; cnames: string[] }
  /** NXDOMAIN, no TXT records, or no TXT record starting with v=spf1: the result is "none". */
  | { kind: 'none'; outcome: DnsOutcome; otherTxt: number; message: string }
  | { kind: 'multiple'; records: TxtRecord[]; message: string }
  /** Timeout, SERVFAIL and the like: "temperror", never a property of the domain. */
  | { kind: 'error'; outcome: DnsOutcome; message: string }
  | { kind: 'invalid-name'; message: string };

/**
 * RFC 7208 §4.3 and RFC 1035 §2.3.4: a name we may query: ≤ 253 characters, labels of 1–63
 * characters, and (for check_host's <domain>) at least two labels.
 */
export function validTargetName(name: string, multiLabel = false): string | undefined {
  if (name.length === 0) return 'the domain name is empty';
  if (name.length > 253) return `the name is ${name.length} characters long; DNS allows at most 253`;
  const labels = name.split('.');
  if (labels.some((l) => l.length === 0)) return `"${name}" has an empty label`;
  const long = labels.find((l) => l.length > 63);
  if (long) return `the label "${long.slice(0, 20)}…" is ${long.length} characters long; DNS allows at most 63`;
  if (multiLabel && labels.length < 2) return `"${name}" is not a fully qualified domain name`;
  if (multiLabel && /^\[.*\]$/.test(name)) return `"${name}" is an address literal, not a domain name`;
  return undefined;
}

export async function fetchSpfRecord(dns: DnsResolver, rawDomain: string): Promise<RecordLookup> {
  const domain = rawDomain.replace(/\.$/, '').toLowerCase();
  const invalid = validTargetName(domain);
  if (invalid) return { kind: 'invalid-name', message: invalid };
  const answer = await dns.query(domain, 'TXT');
  if (answer.outcome === 'NXDOMAIN' || answer.outcome === 'NODATA') {
    return { kind: 'none', outcome: answer.outcome, otherTxt: 0, message: answer.outcome === 'NXDOMAIN' ? `${domain} does not exist (NXDOMAIN)` : `${domain} has no TXT records` };
  }
  if (answer.outcome !== 'NOERROR') {
    return { kind: 'error', outcome: answer.outcome, message: answer.message ?? `the TXT lookup for ${domain} failed (${answer.outcome})` };
  }
  const all: TxtRecord[] = answer.records.map((r) => {
    const strings = r.data as string[];
    return { text: strings.join(''), strings };
  });
  const spf = all.filter((r) => isSpfRecord(r.text));
  if (spf.length === 0) {
    return { kind: 'none', outcome: 'NOERROR', otherTxt: all.length, message: `${domain} has ${all.length} TXT record${all.length === 1 ? '' : 's'}, none of them starting with "v=spf1"` };
  }
  if (spf.length > 1) {
    // RFC 7208 §4.5: more than one v=spf1 record is a permerror, even when they are identical.
    return { kind: 'multiple', records: spf, message: `${domain} publishes ${spf.length} SPF records; there must be exactly one` };
  }
  return { kind: 'found', record: spf[0]!, parsed: parseRecord(spf[0]!.text), ttl: answer.ttl, cnames: answer.cnames };
}
