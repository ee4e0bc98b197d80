import { isIP } from 'node:net';

export type IpCheck = { ok: true; ip: string; version: 4 | 6 } | { ok: false; error: string };

/** Validate an IP typed by a user; IPv6 is returned in canonical compressed lower case. */
export function normalizeIp(input: string): IpCheck {
  const raw = input.trim().replace(/^\[(.*)\]$/, '$1');
  if (raw === '') return { ok: false, error: 'Enter the IP address of the sending server.' };
  // Node accepts a zone id (fe80::1%eth0); it names an interface of this machine, never a sender.
  if (raw.includes('%')) return { ok: false, error: `"${raw.slice(0, 80)}" has a zone id (the part after %): enter the server's address without it; a link-local address cannot send mail across the internet anyway.` };
  const v = isIP(raw);
  if (v === 4) {
    if (raw.split('.').some((o) => o.length > 1 && o.startsWith('0'))) {
      return { ok: false, error: `"${raw}" has leading zeros in an octet; write it without them (they are ambiguous).` };
    }
    return { ok: true, ip: raw, version: 4 };
  }
  if (v === 6) {
    const ip = raw.toLowerCase();
    // IPv4-mapped IPv6 (::ffff:1.2.3.4) is really the IPv4 sender.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
    if (mapped) return { ok: true, ip: mapped[1]!, version: 4 };
    const full = expandIpv6(ip);
    // RFC 4291 §2.5.5.1: the IPv4-compatible form (::a.b.c.d, ::7f00:1) is deprecated and no sender
    // uses it; taking it as IPv6 would judge and probe an address that is really an IPv4 one.
    const compat = /^0000:0000:0000:0000:0000:0000:([0-9a-f]{4}):([0-9a-f]{4})$/.exec(full);
    if (compat && !(compat[1] === '0000' && (compat[2] === '0000' || compat[2] === '0001'))) {
      const n = parseInt(compat[1]! + compat[2]!, 16);
      const v4 = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
      return { ok: false, error: `"${raw}" is a deprecated IPv4-compatible IPv6 address (RFC 4291 §2.5.5.1); enter the IPv4 address ${v4} instead.` };
    }
    return { ok: true, ip: compressIpv6(full), version: 6 };
  }
  if (/^[\d.]+$/.test(raw)) return { ok: false, error: `"${raw}" is not a valid IPv4 address (four numbers 0-255 separated by dots).` };
  if (/^[0-9a-f:.]+$/i.test(raw)) return { ok: false, error: `"${raw}" is not a valid IPv6 address.` };
  return { ok: false, error: `"${raw.slice(0, 80)}" is not an IP address.` };
}

/** Full 32-nibble form "2001:0db8:0000:...". */
export function expandIpv6(ip: string): string {
  let s = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const o = v4[1]!.split('.').map(Number);
    s = s.slice(0, -v4[1]!.length) + (((o[0]! << 8) | o[1]!).toString(16)) + ':' + (((o[2]! << 8) | o[3]!).toString(16));
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':').filter(Boolean) : [];
  const t = tail !== undefined && tail ? tail.split(':').filter(Boolean) : [];
  const fill = tail !== undefined ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array<string>(Math.max(0, fill)).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

export function compressIpv6(full: string): string {
  const groups = full.split(':').map((g) => g.replace(/^0+(?=.)/, ''));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const left = groups.slice(0, bestStart).join(':');
  const right = groups.slice(bestStart + bestLen).join(':');
  return `${left}::${right}`;
}

/** The name to query for a PTR or a DNSBL: reversed octets or nibbles (RFC 1035 §3.5, RFC 3596 §2.5). */
export function reverseName(ip: string, suffix?: string): string {
  const base = isIP(ip) === 4
    ? ip.split('.').reverse().join('.')
    : expandIpv6(ip).replace(/:/g, '').split('').reverse().join('.');
  return `${base}.${suffix ?? (isIP(ip) === 4 ? 'in-addr.arpa' : 'ip6.arpa')}`;
}
