import { isIP } from 'node:net';
import { getDomain } from 'tldts';
import { expandIpv6 } from '../../dns/ip';

export interface GenericVerdict {
  generic: boolean;
  /** Why the name looks like an ISP's auto-generated one, in words a user can check. */
  reasons: string[];
}

/**
 * Words ISPs and hosters put in auto-generated reverse names. Receivers (and the Spamhaus PBL
 * policy) treat such names as "end-user or unconfigured host", not as a mail server.
 */
const GENERIC_WORDS = new Set([
  'dynamic', 'dyn', 'dynip', 'dhcp', 'dial', 'dialup', 'dialin', 'pool', 'pools', 'dsl', 'adsl', 'vdsl', 'xdsl', 'sdsl',
  'cable', 'broadband', 'ppp', 'pppoe', 'cust', 'customer', 'customers', 'client', 'clients', 'res', 'resi', 'residential',
  'user', 'users', 'subscriber', 'unassigned', 'unallocated', 'unknown', 'unused', 'noreverse', 'nat', 'cpe', 'ftth', 'fttx', 'fttp',
  'wireless', 'mobile', 'members', 'generic', 'rev', 'reverse', 'rdns', 'in-addr',
]);
/** Words that are generic only next to a number in the same label: "ip-10-1-2-3", "static-41", "vps12345". */
const GENERIC_WITH_NUMBER = new Set(['ip', 'static', 'staticip', 'host', 'vps', 'node', 'srv', 'server']);

/** Pure heuristic: does this PTR name look auto-generated for this IP? */
export function genericPtr(ptrName: string, ip: string): GenericVerdict {
  const name = ptrName.toLowerCase().replace(/\.$/, '');
  const reasons: string[] = [];
  const embedded = isIP(ip) === 4 ? embeddedIpv4(name, ip) : isIP(ip) === 6 ? embeddedIpv6(name, ip) : undefined;
  if (embedded) reasons.push(embedded);
  const word = genericWord(name);
  if (word) reasons.push(word);
  return { generic: reasons.length > 0, reasons };
}

function embeddedIpv4(name: string, ip: string): string | undefined {
  const octets = ip.split('.').map(Number);
  const numbers = name.split(/[^0-9]+/).filter(Boolean);
  const values = numbers.map((n) => (n.length <= 3 ? Number(n) : -1));
  // Three or more octets in a row, forwards or backwards, with any separators: 203-0-113-7, 7.113.0.203, 0-113-7.
  const forward = longestRun(values, octets);
  const backward = longestRun(values, [...octets].reverse());
  if (forward >= 3 || backward >= 3) {
    const shown = octets.join(forward >= backward ? '-' : '.');
    return forward >= backward
      ? `contains ${forward === 4 ? 'the IP address' : 'part of the IP address'} (${forward === 4 ? shown : ip})`
      : `contains the IP address reversed (${[...octets].reverse().slice(0, backward).join('.')})`;
  }
  const padded = octets.map((o) => String(o).padStart(3, '0')).join('');
  if (numbers.includes(padded)) return `contains the IP address as zero-padded digits (${padded})`;
  const hex = octets.map((o) => o.toString(16).padStart(2, '0')).join('');
  if (name.replace(/[^0-9a-f]/g, ' ').split(' ').some((t) => t.includes(hex))) return `contains the IP address in hex (${hex})`;
  const uint = String(((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!);
  if (uint.length >= 7 && numbers.includes(uint)) return `contains the IP address as a number (${uint})`;
  return undefined;
}

function embeddedIpv6(name: string, ip: string): string | undefined {
  const full = expandIpv6(ip).replace(/:/g, '');
  const flat = name.replace(/[^0-9a-z]/g, '');
  if (flat.includes(full)) return 'contains the IPv6 address';
  const reversed = full.split('').reverse().join('');
  // ip6.arpa-style nibbles inside the name; half of them already pins the interface identifier.
  if (flat.includes(reversed.slice(0, 16))) return 'contains the IPv6 address as reversed nibbles';
  const groups = expandIpv6(ip).split(':').map((g) => g.replace(/^0+(?=.)/, ''));
  const tokens = name.split(/[^0-9a-f]+/).filter(Boolean);
  if (longestRun(tokens, groups) >= 4 || longestRun(tokens, groups.slice(4)) >= 4) return `contains the IPv6 address groups (${groups.join('-')})`;
  const iid = full.slice(16);
  if (/[1-9a-f]/.test(iid.replace(/^0+/, '').slice(0, 8)) && iid.replace(/^0+/, '').length >= 8 && flat.includes(iid)) return 'contains the interface identifier of the IPv6 address';
  return undefined;
}

/** Length of the longest run where consecutive items of `hay` equal consecutive items of `needle`. */
function longestRun<T>(hay: T[], needle: T[]): number {
  let best = 0;
  for (let i = 0; i < hay.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      let k = 0;
      while (i + k < hay.length && j + k < needle.length && hay[i + k] === needle[j + k]) k++;
      best = Math.max(best, k);
    }
  }
  return best;
}

function genericWord(name: string): string | undefined {
  // Only the labels left of the registered domain: "mail.cable-company.example" is not generic.
  const registered = getDomain(name, { allowPrivateDomains: false }) ?? name.split('.').slice(-2).join('.');
  const hostPart = name === registered ? '' : name.slice(0, name.length - registered.length - 1);
  for (const label of hostPart.split('.').filter(Boolean)) {
    if (GENERIC_WORDS.has(label)) return `contains the word "${label}"`;
    // Split "dsl092-ppp" into dsl, 092, ppp.
    const tokens = label.split(/[-_]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/).filter(Boolean);
    // Two digits at least: "ip6" or "node1" alone say little.
    const hasNumber = tokens.some((t) => /^[0-9]{2,}$/.test(t));
    for (const t of tokens) {
      if (GENERIC_WORDS.has(t)) return `contains the word "${t}"`;
      if (hasNumber && GENERIC_WITH_NUMBER.has(t)) return `contains "${t}" next to a number (${label})`;
    }
  }
  return undefined;
}
