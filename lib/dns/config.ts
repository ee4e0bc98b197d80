import { getServers } from 'node:dns';
import { isIP } from 'node:net';
import type { DnsServerAddress } from './types';

export interface DnsConfig {
  servers: DnsServerAddress[];
  /** Deadline for one attempt (UDP and any TCP fallback together). */
  timeoutMs: number;
  /** Extra attempts after a timeout, each to the next server in the list. */
  retries: number;
  /** Upper bound on how long an answer is reused across checks (the check-local cache honours TTLs below this). */
  cacheMaxTtlSec: number;
}

/** Parse "host:port,host:port" ("[::1]:53" for IPv6; port defaults to 53). */
export function parseServerList(value: string): DnsServerAddress[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    let host: string;
    let port = 53;
    if (v6) {
      host = v6[1]!;
      if (v6[2]) port = Number(v6[2]);
    } else if (isIP(entry) === 6) {
      host = entry;
    } else {
      const i = entry.lastIndexOf(':');
      host = i >= 0 ? entry.slice(0, i) : entry;
      if (i >= 0) port = Number(entry.slice(i + 1));
    }
    if (!isIP(host)) throw new Error(`MXRAY_DNS_SERVERS: "${entry}" is not an IP address (give host:port, e.g. 127.0.0.1:53)`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`MXRAY_DNS_SERVERS: bad port in "${entry}"`);
    return { host, port };
  });
}

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number between ${min} and ${max} (got "${raw}")`);
  return Math.round(n);
}

// Parsed once per distinct setting: every check (and every received message) asks for it.
let memo: { key: string; config: DnsConfig } | undefined;

export function dnsConfigFromEnv(): DnsConfig {
  const e = process.env;
  const key = [e.MXRAY_DNS_SERVERS, e.MXRAY_DNS_TIMEOUT_MS, e.MXRAY_DNS_RETRIES, e.MXRAY_DNS_CACHE_TTL].join('\u0000');
  if (memo?.key === key) return memo.config;
  const config = readDnsConfig();
  memo = { key, config };
  return config;
}

function readDnsConfig(): DnsConfig {
  const configured = process.env.MXRAY_DNS_SERVERS;
  const servers = configured
    ? parseServerList(configured)
    : getServers().map((s) => parseServerList(isIP(s) === 6 ? `[${s}]` : s)[0]!);
  if (servers.length === 0) throw new Error('No DNS servers: set MXRAY_DNS_SERVERS or configure /etc/resolv.conf');
  return {
    servers,
    timeoutMs: intFromEnv('MXRAY_DNS_TIMEOUT_MS', 2500, 50, 30_000),
    retries: intFromEnv('MXRAY_DNS_RETRIES', 1, 0, 5),
    cacheMaxTtlSec: intFromEnv('MXRAY_DNS_CACHE_TTL', 60, 0, 86_400),
  };
}
