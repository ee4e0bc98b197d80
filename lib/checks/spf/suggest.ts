/** Records mxray suggests publishing: exact text, split into ≤255-byte character-strings. Pure. */
import type { Term } from './types';

export { MAX_STRING, splitTxt } from '../../dns/txt';

/** How a TXT value is written in a zone file: each character-string quoted. */
export function zoneText(strings: string[]): string {
  return strings.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(' ');
}

/** The term that authorises one IP: ip4:x or ip6:x. */
export function ipTerm(ip: string): string {
  return ip.includes(':') ? `ip6:${ip}` : `ip4:${ip}`;
}

/**
 * The current record with `term` inserted before the "all" mechanism (or before redirect=, or at
 * the end): a mechanism after "all" would never be reached (RFC 7208 §4.6.2).
 */
export function insertBeforeAll(record: string, terms: Term[], term: string): string {
  const words = record.trim().split(/ +/);
  const all = terms.find((t) => t.type === 'mechanism' && t.kind === 'all') ?? terms.find((t) => t.type === 'modifier' && t.name === 'redirect');
  const at = all ? words.indexOf(all.text) : -1;
  if (at < 0) return [...words, term].join(' ');
  return [...words.slice(0, at), term, ...words.slice(at)].join(' ');
}
