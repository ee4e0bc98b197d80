import { isIP } from 'node:net';
import type { DnsResolver } from '../dns/resolver';
import { normalizeDomain } from '../dns/names';
import type { MxData } from '../dns/types';
import { checkTarget } from '../net/guard';

/** A host to probe: what the user named, the address we would connect to, or why not. */
export interface ProbeTarget {
  /** As given: a domain (its MX is used), a host name or an IP. */
  input: string;
  /** The MX host chosen, when `input` was a mail domain. */
  mxHost?: string;
  /** The name expected on the certificate and in PTR comparisons. */
  host?: string;
  ip?: string;
  port: number;
  /** Set when the target cannot be probed (no address, special-purpose address, ...). */
  error?: { code: 'dns' | 'null-mx' | 'private' | 'invalid'; message: string };
}

/** Parse "name", "name:port", "1.2.3.4:port" or "[v6]:port". */
export function parseTargetSpec(spec: string, defaultPort: number): { name: string; port: number } | { error: string } {
  const s = spec.trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  let name = s;
  let port = defaultPort;
  if (v6) {
    name = v6[1]!;
    if (v6[2]) port = Number(v6[2]);
  } else if (s.startsWith('[')) {
    return { error: `"${spec}": write an IPv6 address as [address] or [address]:port` };
  } else if (isIP(s) !== 6) {
    const m = /^(.*):(\d+)$/.exec(s);
    if (m) {
      name = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `"${spec}": bad port` };
  if (!name) return { error: 'empty host name' };
  return { name, port };
}

/**
 * A target spec read and checked without any DNS: an IP address, or a host or mail domain name in
 * its DNS form (punycode), with the port; or the sentence saying what is wrong with it.
 */
export function readTargetSpec(spec: string, defaultPort: number): { name: string; port: number; ip: boolean } | { error: string; port: number } {
  const parsed = parseTargetSpec(spec, defaultPort);
  if ('error' in parsed) return { error: parsed.error, port: defaultPort };
  if (isIP(parsed.name)) return { ...parsed, ip: true };
  const d = normalizeDomain(parsed.name);
  return d.ok ? { name: d.name, port: parsed.port, ip: false } : { error: d.error, port: parsed.port };
}

async function addressOf(dns: DnsResolver, host: string): Promise<{ ip?: string; message?: string }> {
  // IPv4 first: outbound port 25 filtering is mostly an IPv4 matter, and most MX hosts have A records.
  const a = await dns.query(host, 'A');
  if (a.outcome === 'NOERROR') return { ip: a.records[0]!.data as string };
  const aaaa = await dns.query(host, 'AAAA');
  if (aaaa.outcome === 'NOERROR') return { ip: aaaa.records[0]!.data as string };
  return { message: a.outcome === 'NXDOMAIN' ? `${host} does not exist` : `${host} has no address (${a.message ?? a.outcome})` };
}

/**
 * Resolve a target to one address: an IP is used as is; a name with MX records means "that
 * domain's mail server" (lowest preference first, RFC 5321 §5.1); otherwise the name's own A/AAAA.
 * The address is vetted by lib/net/guard before anything connects to it.
 */
export async function resolveTarget(dns: DnsResolver, spec: string, defaultPort: number, opts: { useMx?: boolean } = {}): Promise<ProbeTarget> {
  return (await resolveTargets(dns, spec, defaultPort, { ...opts, maxMx: 1 }))[0]!;
}

/**
 * Like resolveTarget, but a mail domain yields each of its MX hosts (by preference, at most `maxMx`,
 * each once): a backup MX that is down or has a bad certificate loses mail too. The addresses are
 * looked up in parallel. Always at least one target; a failure is a target with `error`.
 */
export async function resolveTargets(dns: DnsResolver, spec: string, defaultPort: number, opts: { useMx?: boolean; maxMx?: number } = {}): Promise<ProbeTarget[]> {
  const read = readTargetSpec(spec, defaultPort);
  if ('error' in read) return [{ input: spec, port: read.port, error: { code: 'invalid', message: read.error } }];
  const target: ProbeTarget = { input: spec, port: read.port };
  if (read.ip) return [vet({ ...target, ip: read.name })];
  const domain = read.name;
  let hosts: { host: string; mxHost?: string }[] = [{ host: domain }];
  if (opts.useMx !== false) {
    const mx = await dns.query(domain, 'MX');
    if (mx.outcome !== 'NOERROR' && mx.outcome !== 'NODATA' && mx.outcome !== 'NXDOMAIN') {
      return [{ ...target, error: { code: 'dns', message: `could not look up the MX of ${domain}: ${mx.message ?? mx.outcome}` } }];
    }
    if (mx.outcome === 'NOERROR') {
      const sorted = mx.records.map((r) => r.data as MxData).sort((x, y) => x.priority - y.priority);
      // RFC 7505: a single "." MX means the domain accepts no mail.
      if (sorted.length === 1 && (sorted[0]!.exchange === '' || sorted[0]!.exchange === '.')) {
        return [{ ...target, error: { code: 'null-mx', message: `${domain} publishes a null MX (RFC 7505): it accepts no mail` } }];
      }
      const names = [...new Set(sorted.map((m) => m.exchange.toLowerCase().replace(/\.$/, '')).filter(Boolean))];
      hosts = names.slice(0, Math.max(1, opts.maxMx ?? 1)).map((h) => ({ host: h, mxHost: h }));
    }
  }
  return Promise.all(
    hosts.map(async ({ host, mxHost }) => {
      const t: ProbeTarget = { ...target, host, ...(mxHost ? { mxHost } : {}) };
      const addr = await addressOf(dns, host);
      if (!addr.ip) return { ...t, error: { code: 'dns' as const, message: addr.message ?? `${host} has no address` } };
      return vet({ ...t, ip: addr.ip });
    }),
  );
}

function vet(target: ProbeTarget): ProbeTarget {
  const verdict = checkTarget(target.ip!);
  if (!verdict.allowed) return { ...target, error: { code: 'private', message: verdict.reason ?? `${target.ip} is not a public address` } };
  return target;
}
