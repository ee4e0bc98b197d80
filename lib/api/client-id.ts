import { expandIpv6, normalizeIp } from '../dns/ip';

/** Whether X-Forwarded-For may be believed: only behind a reverse proxy the operator runs. */
export function trustProxy(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MXRAY_TRUST_PROXY === '1' || env.MXRAY_TRUST_PROXY === 'true';
}

/** First `groups` 16-bit groups of an IPv6 address, as a prefix key "2001:db8:1::/48". */
function ipv6Prefix(ip: string, groups: number): string {
  const head = expandIpv6(ip).split(':').slice(0, groups).map((x) => x.replace(/^0+(?=.)/, ''));
  return `${head.join(':')}::/${groups * 16}`;
}

/**
 * Who is asking, for rate limits. `next start` fills X-Forwarded-For with the socket address when the
 * request has none, and a proxy appends the address it saw. Behind a trusted proxy the client is the
 * left-most entry; without one, the right-most entry is the nearest hop (and the header may be forged,
 * which is why the limiter also keeps a global budget).
 */
export function clientId(headers: Headers, opts: { trustProxy?: boolean } = {}): string {
  const trusted = opts.trustProxy ?? trustProxy();
  const entries = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const raw = (trusted ? entries[0] : entries[entries.length - 1]) ?? '';
  // A zone id (fe80::1%eth0) names a local interface, never a remote client: drop it.
  const ip = normalizeIp(raw.replace(/^::ffff:(?=\d+\.)/i, '').replace(/%.*$/, ''));
  if (!ip.ok) return 'unknown';
  // One IPv6 user usually holds a whole /64: limit by the prefix, not the address.
  if (ip.version === 6) return ipv6Prefix(ip.ip, 4);
  return ip.ip;
}

/**
 * The wider group a client id is also charged to: the /48 of an IPv6 /64 (RFC 6177: a site is
 * typically given a /48, so one holder can rotate through 65,536 /64s). IPv4 clients have none.
 */
export function aggregateOf(client: string): string | undefined {
  const m = /^(.*)::\/64$/.exec(client);
  return m ? ipv6Prefix(`${m[1]}::`, 3) : undefined;
}
