/**
 * What the check tests share: a test DNS server for the file, and check contexts pointed at it with
 * no retries, no cache and a short deadline, so a fault in the zone shows at once.
 */
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_LIMITS, type CheckContext } from '@/lib/checks/types';
import { DnsResolver, parseServerList } from '@/lib/dns';
import { TestDnsServer, type Zone } from './dns-server';

/** Starts a test DNS server with `zone` before the file's tests and stops it after; returns a getter. */
export function useTestDns(zone: Zone): () => TestDnsServer {
  let dns: TestDnsServer | undefined;
  beforeAll(async () => {
    dns = await new TestDnsServer({ zone }).start();
  });
  afterAll(() => dns?.stop());
  return () => dns!;
}

export function testCheckContext(dnsAddress: string, opts: { timeoutMs?: number; now?: Date } = {}): CheckContext {
  return { dns: new DnsResolver({ servers: parseServerList(dnsAddress), timeoutMs: opts.timeoutMs ?? 400, retries: 0, cacheMaxTtlSec: 0 }), limits: DEFAULT_LIMITS, now: opts.now ?? new Date() };
}

export const findingCodes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
