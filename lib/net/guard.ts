import ipaddr from 'ipaddr.js';

/**
 * mxray connects (SMTP probes, MTA-STS policy fetches) on behalf of whoever uses the dashboard.
 * It must not become a way to reach the operator's private network, so connections to
 * special-purpose addresses are refused unless MXRAY_ALLOW_PRIVATE_TARGETS=1 (tests set it for
 * 127.0.0.1; a user checking a relay on their LAN may set it too).
 */
export function allowPrivateTargets(): boolean {
  return process.env.MXRAY_ALLOW_PRIVATE_TARGETS === '1' || process.env.MXRAY_ALLOW_PRIVATE_TARGETS === 'true';
}

export interface TargetVerdict {
  allowed: boolean;
  /** ipaddr.js range name, e.g. "private", "loopback", "unicast". */
  range: string;
  reason?: string;
}

/**
 * An IPv6 address that carries an IPv4 one in its last 32 bits with nothing before it: the
 * deprecated IPv4-compatible form (RFC 4291 §2.5.5.1, ::7f00:1 is ::127.0.0.1). ipaddr.js calls
 * the hex spelling "unicast", yet a stack that still maps it reaches the embedded IPv4 address,
 * so it is judged as that address. (IPv4-mapped ::ffff:a.b.c.d is unwrapped by ipaddr.process.)
 */
function embeddedIpv4(addr: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = addr.parts;
  if (p.slice(0, 6).some((x) => x !== 0)) return undefined;
  if (p[6] === 0 && (p[7] === 0 || p[7] === 1)) return undefined; // :: and ::1 are their own ranges
  return new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
}

/** Classify an IP; anything unparseable is refused. */
export function checkTarget(ip: string, allowPrivate = allowPrivateTargets()): TargetVerdict {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (ip.includes('%')) return { allowed: false, range: 'invalid', reason: `"${ip}" has a zone id (%…): it names an interface of this machine, not a server on the internet` };
  try {
    addr = ipaddr.process(ip);
  } catch {
    return { allowed: false, range: 'invalid', reason: `"${ip}" is not an IP address` };
  }
  if (addr.kind() === 'ipv6') addr = embeddedIpv4(addr as ipaddr.IPv6) ?? addr;
  const range = addr.range();
  // Only the public unicast internet is allowed: every special-purpose range (RFC 6890: private,
  // loopback, link-local, CGNAT, documentation TEST-NETs, multicast, IPv4-mapped, ...) has another name.
  if (range === 'unicast') return { allowed: true, range };
  if (allowPrivate) return { allowed: true, range };
  return {
    allowed: false,
    range,
    reason: `${ip} is a ${range} address; mxray does not connect to special-purpose addresses unless MXRAY_ALLOW_PRIVATE_TARGETS=1`,
  };
}
