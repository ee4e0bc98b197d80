/** Records mxray suggests publishing: exact text, split into ≤255-byte character-strings. Pure. */
import type { Term } from './types';

/** RFC 1035 §3.3: one character-string holds at most 255 octets. */
export const MAX_STRING = 255;

/**
 * Split a TXT value into character-strings of at most 255 bytes. Receivers join the strings with
 * nothing (RFC 7208 §3.3), so splits go after a space where possible and keep the space.
 */
export function splitTxt(value: string, max = MAX_STRING): string[] {
  if (Buffer.byteLength(value) <= max) return [value];
  const out: string[] = [];
  let cur = '';
  for (const piece of value.match(/[^ ]+ */g) ?? [value]) {
    if (Buffer.byteLength(cur + piece) <= max) {
      cur += piece;
      continue;
    }
    if (cur) out.push(cur);
    cur = piece;
    // A single term longer than a string: cut it at the byte limit.
    while (Buffer.byteLength(cur) > max) {
      let cut = 0;
      let bytes = 0;
      for (const ch of cur) {
        const n = Buffer.byteLength(ch);
        if (bytes + n > max) break;
        bytes += n;
        cut += ch.length;
      }
      out.push(cur.slice(0, cut));
      cur = cur.slice(cut);
    }
  }
  if (cur) out.push(cur);
  return out;
}

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

/** Replace one term's text (e.g. "+all" → "~all"), normalising spaces. */
export function replaceTerm(record: string, from: string, to: string): string {
  return record.trim().split(/ +/).map((w) => (w === from ? to : w)).join(' ');
}

/**
 * A record for a domain without one: the sending IP if known, else the MX hosts, then a soft
 * default; a domain with neither sends no mail, and "-all" says so.
 */
export function suggestRecord(opts: { ip?: string; hasMx: boolean }): string {
  if (opts.ip) return `v=spf1 ${ipTerm(opts.ip)} ~all`;
  return opts.hasMx ? 'v=spf1 mx ~all' : 'v=spf1 -all';
}
