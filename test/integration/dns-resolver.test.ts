import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsCache, DnsResolver, parseServerList, type DnsConfig } from '@/lib/dns';
import { TestDnsServer } from '../support/dns-server';

let dns: TestDnsServer;
const long = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(700);

beforeAll(async () => {
  dns = await new TestDnsServer({
    zone: {
      'example.test': { A: ['192.0.2.1'], TXT: [['v=spf1 ip4:192.0.2.1 ', '-all'], 'other'], MX: [[10, 'mx.example.test']] },
      'mx.example.test': { A: ['192.0.2.25'] },
      'alias.example.test': { CNAME: 'example.test' },
      'slow.example.test': { TIMEOUT: true },
      'broken.example.test': { SERVFAIL: true },
      'big.example.test': { TXT: [long] },
      'trunc.example.test': { TRUNCATE: true, TXT: ['short but truncated on purpose'] },
      'sub.deep.example.test': { A: ['192.0.2.9'] },
    },
  }).start();
});
afterAll(() => dns.stop());

function config(over: Partial<DnsConfig> = {}): DnsConfig {
  return { servers: parseServerList(dns.address), timeoutMs: 300, retries: 1, cacheMaxTtlSec: 60, ...over };
}

describe('DnsResolver against a real dns2 server on loopback', () => {
  it('joins nothing: TXT character-strings are kept apart for the caller', async () => {
    const r = new DnsResolver(config());
    const a = await r.query('example.test', 'TXT');
    expect(a.outcome).toBe('NOERROR');
    expect(a.records.map((x) => x.data)).toEqual([['v=spf1 ip4:192.0.2.1 ', '-all'], ['other']]);
  });

  it('tells NXDOMAIN, NODATA, SERVFAIL and timeout apart', async () => {
    const r = new DnsResolver(config());
    expect((await r.query('nope.example.test', 'A')).outcome).toBe('NXDOMAIN');
    expect((await r.query('example.test', 'AAAA')).outcome).toBe('NODATA');
    expect((await r.query('deep.example.test', 'A')).outcome).toBe('NODATA'); // empty non-terminal
    expect((await r.query('broken.example.test', 'A')).outcome).toBe('SERVFAIL');
    const t0 = Date.now();
    expect((await r.query('slow.example.test', 'A')).outcome).toBe('TIMEOUT');
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(550); // two attempts of 300 ms
    expect(took).toBeLessThan(1200);
  });

  it('follows a CNAME and reports the chain', async () => {
    const r = new DnsResolver(config());
    const a = await r.query('alias.example.test', 'TXT');
    expect(a.outcome).toBe('NOERROR');
    expect(a.cnames).toEqual(['example.test']);
  });

  it('falls back to TCP when the UDP answer is truncated, for big and forced-TC answers', async () => {
    const r = new DnsResolver(config());
    const big = await r.query('big.example.test', 'TXT');
    expect(big.outcome).toBe('NOERROR');
    expect((big.records[0]!.data as string[]).join('')).toBe(long);
    const t = await r.query('trunc.example.test', 'TXT');
    expect(t.outcome).toBe('NOERROR');
    expect(r.trace.find((x) => x.name === 'trunc.example.test')!.protocol).toBe('udp→tcp');
  });

  it('never sends the same question twice in one check, even concurrently', async () => {
    dns.clearLog();
    const r = new DnsResolver(config());
    await Promise.all([r.query('example.test', 'MX'), r.query('EXAMPLE.test.', 'MX'), r.query('example.test', 'MX')]);
    await r.query('example.test', 'MX');
    expect(dns.received.filter((q) => q.name === 'example.test' && q.type === 'MX')).toHaveLength(1);
    expect(r.stats.queries).toBe(1);
    expect(r.trace).toHaveLength(1);
  });

  it('a shared cache answers a second check without asking again', async () => {
    const cache = new DnsCache();
    await new DnsResolver(config(), { cache }).query('mx.example.test', 'A');
    dns.clearLog();
    const second = new DnsResolver(config(), { cache });
    expect((await second.query('mx.example.test', 'A')).records[0]!.data).toBe('192.0.2.25');
    expect(dns.received).toHaveLength(0);
    expect(second.stats.cacheHits).toBe(1);
  });

  it('gives mailauth the dns.promises.resolve contract', async () => {
    const r = new DnsResolver(config());
    expect(await r.mailauth('example.test', 'TXT')).toEqual([['v=spf1 ip4:192.0.2.1 ', '-all'], ['other']]);
    expect(await r.mailauth('example.test', 'MX')).toEqual([{ exchange: 'mx.example.test', priority: 10 }]);
    await expect(r.mailauth('nope.example.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(r.mailauth('example.test', 'AAAA')).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(r.mailauth('slow.example.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
  });

  it('reports an unreachable resolver as a network failure or timeout, quickly', async () => {
    const r = new DnsResolver({ servers: [{ host: '127.0.0.1', port: 9 }], timeoutMs: 200, retries: 0, cacheMaxTtlSec: 0 });
    const a = await r.query('example.test', 'A');
    expect(['NETWORK', 'TIMEOUT']).toContain(a.outcome);
    expect(a.message).toBeTruthy();
  });
});

describe('negative answers and wildcards', () => {
  it('keeps the CNAME chain of a dangling alias (NXDOMAIN at the target)', async () => {
    dns.set('dangling.example.test', { CNAME: 'gone.elsewhere.test' });
    const r = new DnsResolver(config());
    const a = await r.query('dangling.example.test', 'TXT');
    expect(a.outcome).toBe('NXDOMAIN');
    expect(a.cnames).toEqual(['gone.elsewhere.test']);
  });

  it('answers from the wildcard of the closest encloser, several labels down (RFC 4592)', async () => {
    dns.set('*._report._dmarc.esp.test', { TXT: ['v=DMARC1'] });
    const r = new DnsResolver(config());
    const a = await r.query('a.test._report._dmarc.esp.test', 'TXT');
    expect(a.outcome).toBe('NOERROR');
    expect((await r.query('_report._dmarc.esp.test', 'TXT')).outcome).toBe('NODATA');
  });
});

describe('an unreachable resolver', () => {
  it('gives the report one clear notice instead of ten unexplained timeouts', async () => {
    const { runDomainCheck } = await import('@/lib/report/domain-check');
    const report = await runDomainCheck({ domain: 'example.test' }, { dns: { servers: [{ host: '127.0.0.1', port: 9 }], timeoutMs: 150, retries: 0, cacheMaxTtlSec: 0 }, cache: null });
    expect(report.notice?.code).toBe('dns.unreachable');
    expect(report.notice?.message).toMatch(/127\.0\.0\.1:9.*MXRAY_DNS_SERVERS/);
    expect(report.checks.every((c) => c.status !== 'fail')).toBe(true);
  });

  it('adds no notice when the resolver answers', async () => {
    const { runDomainCheck } = await import('@/lib/report/domain-check');
    const report = await runDomainCheck({ domain: 'example.test' }, { dns: config(), cache: null });
    expect(report.notice).toBeUndefined();
  });
});
