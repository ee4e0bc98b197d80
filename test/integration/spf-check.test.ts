import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSpf, type SpfData } from '@/lib/checks/spf';
import { runCheck } from '@/lib/checks/run';
import { DEFAULT_LIMITS, type CheckContext, type CheckResult } from '@/lib/checks/types';
import { DnsResolver, parseServerList, type DnsConfig } from '@/lib/dns';
import { TestDnsServer } from '../support/dns-server';
import { spfZone } from '../fixtures/zones/spf';

let dns: TestDnsServer;

beforeAll(async () => {
  dns = await new TestDnsServer({ zone: spfZone }).start();
});
afterAll(() => dns.stop());

function ctx(server: TestDnsServer = dns, over: Partial<DnsConfig> = {}): CheckContext {
  // Generous by default so a loaded machine does not turn answers into timeouts.
  const config: DnsConfig = { servers: parseServerList(server.address), timeoutMs: 2000, retries: 0, cacheMaxTtlSec: 0, ...over };
  return { dns: new DnsResolver(config), limits: DEFAULT_LIMITS, now: new Date() };
}

async function spf(domain: string, ip?: string, extra: { sender?: string; helo?: string } = {}, timeoutMs?: number): Promise<CheckResult<SpfData>> {
  const c = ctx(dns, timeoutMs ? { timeoutMs } : {});
  return runCheck('spf', 'SPF', c, (x) => checkSpf(x, { domain, ...(ip ? { ip } : {}), ...extra }));
}

const codes = (r: CheckResult) => r.findings.map((f) => f.code);
const finding = (r: CheckResult, code: string) => r.findings.find((f) => f.code === code);

describe('SPF check against the test DNS server', () => {
  it('authorises an IP in ip4: and passes', async () => {
    const r = await spf('auth.spf.test', '192.0.2.5');
    expect(r.data!.result).toBe('pass');
    expect(r.status).toBe('pass');
    expect(codes(r)).toContain('spf.ip-authorised');
    expect(r.fix).toBeUndefined();
    expect(r.data!.tree.evaluation).toMatchObject({ result: 'pass', matchedTerm: 0 });
  });

  it('authorises the MX host through the mx mechanism', async () => {
    const r = await spf('auth.spf.test', '203.0.113.25');
    expect(r.data!.result).toBe('pass');
    expect(r.data!.matched).toEqual({ domain: 'auth.spf.test', term: 'mx' });
  });

  it('flags an IP that is not authorised and suggests the record with ip4: before ~all', async () => {
    const r = await spf('auth.spf.test', '198.51.100.77', { helo: 'out.auth.spf.test' });
    expect(r.data!.result).toBe('softfail');
    expect(r.status).toBe('fail');
    expect(finding(r, 'spf.ip-not-authorised')?.severity).toBe('fail');
    expect(r.fix!.records[0]!.value).toBe('v=spf1 ip4:192.0.2.0/24 mx ip4:198.51.100.77 ~all');
    expect(r.fix!.replaces).toBe('v=spf1 ip4:192.0.2.0/24 mx ~all');
    expect(r.fix!.summary).toContain('a:out.auth.spf.test');
  });

  it('suggests ip6: for an IPv6 sender', async () => {
    const r = await spf('auth.spf.test', '2001:db8::25');
    expect(r.data!.result).toBe('softfail');
    expect(r.fix!.records[0]!.value).toBe('v=spf1 ip4:192.0.2.0/24 mx ip6:2001:db8::25 ~all');
  });

  it('joins a record published as several strings and keeps the strings', async () => {
    const r = await spf('split.spf.test', '198.51.100.9');
    expect(r.data!.result).toBe('pass');
    expect(r.records[0]!.strings).toEqual(['v=spf1 ip4:192.0.2.0/24 ', 'include:_spf.split.spf.test ', '-all']);
    expect(r.data!.tree.strings).toHaveLength(3);
    expect(codes(r)).toContain('spf.split-strings');
    expect(r.data!.tree.children[0]).toMatchObject({ domain: '_spf.split.spf.test', via: 'include', evaluation: { result: 'pass' } });
    expect(r.data!.lookups).toEqual({ limit: 10, count: 1, void: 0, voidLimit: 2 });
  });

  it('flags an include loop as permerror', async () => {
    const r = await spf('loop.spf.test', '203.0.113.1');
    expect(r.data!.result).toBe('permerror');
    expect(r.status).toBe('fail');
    expect(finding(r, 'spf.include-loop')?.detail).toContain('loop.spf.test → loop2.spf.test → loop.spf.test');
    const loopNode = r.data!.tree.children[0]!.children[0]!;
    expect(loopNode.error?.kind).toBe('loop');
  });

  it('finds the include loop without an IP too (tree only)', async () => {
    const r = await spf('loop.spf.test');
    expect(r.data!.result).toBeUndefined();
    expect(codes(r)).toContain('spf.include-loop');
  });

  it('counts 11 DNS-querying terms across includes: permerror and spf.too-many-lookups', async () => {
    const r = await spf('eleven.spf.test', '192.0.2.99');
    expect(r.data!.result).toBe('permerror');
    expect(r.data!.lookups.count).toBe(11);
    expect(r.data!.tree.lookups).toBe(3);
    expect(r.data!.tree.children.map((c) => c.cumulativeLookups)).toEqual([3, 3, 2]);
    const f = finding(r, 'spf.too-many-lookups')!;
    expect(f.severity).toBe('fail');
    expect(f.data).toMatchObject({ limit: 10, count: 11 });
    expect(r.data!.evaluated!.lookups).toBe(11);
  });

  it('counts 11 lookups even when the IP matches early (the tree costs the whole record)', async () => {
    const r = await spf('eleven.spf.test');
    expect(finding(r, 'spf.too-many-lookups')?.data).toMatchObject({ count: 11 });
  });

  it('gives permerror after three void lookups', async () => {
    const r = await spf('void3.spf.test', '192.0.2.99');
    expect(r.data!.result).toBe('permerror');
    expect(r.data!.voidLookups).toBe(3);
    expect(finding(r, 'spf.too-many-void-lookups')?.data).toMatchObject({ limit: 2, void: 3 });
  });

  it('fails +all and suggests ~all', async () => {
    const r = await spf('plusall.spf.test', '203.0.113.200');
    expect(r.data!.result).toBe('pass');
    expect(finding(r, 'spf.plus-all')?.severity).toBe('fail');
    expect(r.status).toBe('fail');
    // The suggestion keeps the server the user named passing once +all is gone (issue 12).
    expect(r.fix!.records[0]!.value).toBe('v=spf1 ip4:192.0.2.1 ip4:203.0.113.200 ~all');
  });

  it('evaluates ptr (forward-confirmed) and warns that it is deprecated', async () => {
    const r = await spf('ptr.spf.test', '192.0.2.10');
    expect(r.data!.result).toBe('pass');
    expect(finding(r, 'spf.ptr-deprecated')?.severity).toBe('warn');
    const other = await spf('ptr.spf.test', '192.0.2.11');
    expect(other.data!.result).toBe('fail');
  });

  it('treats two SPF records as permerror and proposes one merged record', async () => {
    const r = await spf('multi.spf.test', '192.0.2.1');
    expect(r.data!.result).toBe('permerror');
    expect(codes(r)).toContain('spf.multiple-records');
    expect(r.records).toHaveLength(2);
    expect(r.fix!.records[0]!.value).toBe('v=spf1 ip4:192.0.2.1 include:_spf.split.spf.test -all');
  });

  it('suggests a record when none is published', async () => {
    const r = await spf('missing.spf.test', '192.0.2.5');
    expect(r.data!.result).toBe('none');
    expect(r.status).toBe('fail');
    expect(codes(r)).toContain('spf.missing');
    expect(r.fix!.records[0]).toMatchObject({ name: 'missing.spf.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.5 ~all' });
  });

  it('without an IP suggests mx for a domain with MX and -all for one without', async () => {
    expect((await spf('hasmx.spf.test')).fix!.records[0]!.value).toBe('v=spf1 mx ~all');
    expect((await spf('nomail.spf.test')).fix!.records[0]!.value).toBe('v=spf1 -all');
  });

  it('reports SERVFAIL as "could not test" (status error), never fail', async () => {
    const r = await spf('servfail.spf.test', '192.0.2.5');
    expect(r.data!.result).toBe('temperror');
    expect(r.status).toBe('error');
    expect(codes(r)).toContain('spf.dns-error');
    expect(codes(r)).not.toContain('spf.missing');
  });

  it('reports a timeout as status error, at the root and inside an include', async () => {
    const root = await spf('timeout.spf.test', '192.0.2.5', {}, 300);
    expect(root.status).toBe('error');
    expect(root.data!.result).toBe('temperror');
    const inc = await spf('inctimeout.spf.test', '192.0.2.5', {}, 300);
    expect(inc.data!.result).toBe('temperror');
    expect(inc.status).toBe('error');
    expect(inc.data!.tree.children[0]!.error?.kind).toBe('dns');
  });

  it('flags an include of a domain without SPF', async () => {
    const r = await spf('incmissing.spf.test', '192.0.2.5');
    expect(r.data!.result).toBe('permerror');
    expect(codes(r)).toContain('spf.include-missing');
  });

  it('reports every syntax error with its position', async () => {
    const r = await spf('syntax.spf.test', '192.0.2.5');
    expect(r.data!.result).toBe('permerror');
    const f = finding(r, 'spf.syntax')!;
    const errors = f.data!.errors as { position: number; term: string }[];
    expect(errors.map((e) => [e.term, e.position])).toEqual([['ip4:192.0.2.300', 7], ['include', 23]]);
  });

  it('follows redirect= for the verdict and for the policy', async () => {
    const r = await spf('redirect.spf.test', '192.0.2.5');
    expect(r.data!.result).toBe('pass');
    expect(r.data!.tree.children[0]).toMatchObject({ via: 'redirect', domain: 'auth.spf.test' });
    expect(codes(r)).toContain('spf.softfail-all');
  });

  it('splits a suggested record over 255 bytes into strings', async () => {
    const r = await spf('long.spf.test', '203.0.113.9');
    expect(r.records[0]!.strings!.length).toBe(2);
    const rec = r.fix!.records[0]!;
    expect(rec.value).toContain('ip4:203.0.113.9 ~all');
    expect(rec.strings!.length).toBeGreaterThan(1);
    expect(rec.strings!.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
    expect(rec.strings!.join('')).toBe(rec.value);
    expect(finding(r, 'spf.long-string')?.data?.strings).toEqual(rec.strings);
  });

  it('fetches sibling includes concurrently', async () => {
    const slow = await new TestDnsServer({ zone: spfZone, latencyMs: 50 }).start();
    try {
      const c = ctx(slow, { timeoutMs: 2000 });
      const t0 = Date.now();
      const r = await checkSpf(c, { domain: 'fanout.spf.test', ip: '198.51.100.4' });
      const ms = Date.now() - t0;
      expect(r.data!.result).toBe('pass');
      expect(r.data!.lookups.count).toBe(4);
      const includes = slow.received.filter((q) => /^f[1-4]\.spf\.test$/.test(q.name) && q.type === 'TXT');
      expect(includes).toHaveLength(4);
      // All four questions were sent before any answer (each takes ≥ 50 ms) could have come back.
      const spread = Math.max(...includes.map((q) => q.at)) - Math.min(...includes.map((q) => q.at));
      expect(spread).toBeLessThan(50);
      // Root + one round of includes ≈ 100 ms; root + four includes one after another takes ≥ 250 ms.
      expect(ms).toBeLessThan(250);
    } finally {
      await slow.stop();
    }
  });
});
