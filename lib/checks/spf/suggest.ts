/** Records mxray suggests publishing: exact text, split into ≤255-byte character-strings. Pure. */
export { MAX_STRING, splitTxt } from '../../dns/txt';

/** How a TXT value is written in a zone file: each character-string quoted. */
export function zoneText(strings: string[]): string {
  return strings.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(' ');
}

/** The term that authorises one IP: ip4:x or ip6:x. */
export function ipTerm(ip: string): string {
  return ip.includes(':') ? `ip6:${ip}` : `ip4:${ip}`;
}
