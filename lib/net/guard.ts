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

/** Classify an IP; anything unparseable is refused. */
export function checkTarget(ip: string, allowPrivate = allowPrivateTargets()): TargetVerdict {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(ip);
  } catch {
    return { allowed: false, range: 'invalid', reason: `"${ip}" is not an IP address` };
  }
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
