import type { TlsaData } from '../../dns/types';

/**
 * Why one TLSA record cannot be used by an SMTP client (RFC 7672 §3.1: such records are
 * "unusable" and skipped; when none is usable, senders still insist on TLS but authenticate nothing).
 */
export type TlsaProblem = 'pkix-usage' | 'unknown-usage' | 'unknown-selector' | 'unknown-matching-type' | 'bad-digest-length' | 'empty-data';

export interface TlsaView extends TlsaData {
  problem?: TlsaProblem;
}

/** Hex characters a digest of each matching type must have (RFC 6698 §2.1.3: SHA-256, SHA-512). */
const DIGEST_HEX: Record<number, number> = { 1: 64, 2: 128 };

/** Pure and linear in the record's length: what, if anything, makes this record unusable for SMTP. */
export function tlsaProblem(t: TlsaData): TlsaProblem | undefined {
  // RFC 7672 §3.1.3: PKIX-TA(0) and PKIX-EE(1) are not for SMTP; senders treat them as unusable.
  if (t.usage === 0 || t.usage === 1) return 'pkix-usage';
  if (t.usage > 3) return 'unknown-usage';
  if (t.selector > 1) return 'unknown-selector';
  if (t.matchingType > 2) return 'unknown-matching-type';
  if (t.data.length === 0) return 'empty-data';
  const want = DIGEST_HEX[t.matchingType];
  if (want !== undefined && t.data.length !== want) return 'bad-digest-length';
  return undefined;
}

export function viewTlsa(records: TlsaData[]): TlsaView[] {
  return records.map((t) => {
    const problem = tlsaProblem(t);
    return problem ? { ...t, problem } : { ...t };
  });
}

/** The name senders look up for an MX host's TLSA records (RFC 7672 §2.2.3, port 25 over TCP). */
export function tlsaName(mxHost: string): string {
  return `_25._tcp.${mxHost.toLowerCase().replace(/\.$/, '')}`;
}

const PROBLEM_WORDS: Record<TlsaProblem, string> = {
  'pkix-usage': 'usage 0/1 (PKIX) is not used for SMTP (RFC 7672 §3.1.3)',
  'unknown-usage': 'unknown certificate usage',
  'unknown-selector': 'unknown selector',
  'unknown-matching-type': 'unknown matching type',
  'bad-digest-length': 'the digest has the wrong length for its matching type',
  'empty-data': 'no certificate association data',
};

export function describeTlsaProblem(p: TlsaProblem): string {
  return PROBLEM_WORDS[p];
}
