import { normalizeIp } from '../dns/ip';

/** Whether X-Forwarded-For may be believed: only behind a reverse proxy the operator runs. */
export function trustProxy(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MXRAY_TRUST_PROXY === '1' || env.MXRAY_TRUST_PROXY === 'true';
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
  const ip = normalizeIp(raw.replace(/^::ffff:(?=\d+\.)/i, ''));
  if (!ip.ok) return 'unknown';
  // One IPv6 user usually holds a whole /64: limit by the prefix, not the address.
  if (ip.version === 6) return ip.ip.split(':').slice(0, 4).join(':') + '::/64';
  return ip.ip;
}
