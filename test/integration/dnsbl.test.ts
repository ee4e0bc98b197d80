/**
 * DNSBL sweep against the real dns2 test server answering for the real zone names.
 * Zone data and return codes: lib/checks/dnsbl/zones.ts (rspamd, SpamAssassin, Haraka,
 * Mail-in-a-Box configs in /work/shared/corpora/dnsbl); test points: RFC 5782 §5.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsResolver, parseServerList, type DnsConfig } from '@/lib/dns';
import { checkDnsbl } from '@/lib/checks/dnsbl';
import { checkDomainBlocklists } from '@/lib/checks/dnsbl/domain';
import { applyZonesFile, dnsblConfigFromEnv, type DnsblConfig } from '@/lib/checks/dnsbl/config';
import { sweepIp } from '@/lib/checks/dnsbl/sweep';
import { DEFAULT_ZONES } from '@/lib/checks/dnsbl/zones';
import { DEFAULT_LIMITS, type CheckContext } from '@/lib/checks/types';
import type { SweepResult } from '@/lib/checks/dnsbl/types';
import { TestDnsServer } from '../support/dns-server';
import { CLEAN_IP, LISTED_IP, LISTED_IPV6, REFUSED_IP, scenarioZone, wildcardZone } from '../fixtures/zones/dnsbl';

const DEADLINE = 600;
let dns: TestDnsServer;
const zones = DEFAULT_ZONES.filter((z) => z.enabled !== false);

beforeAll(async () => {
  dns = await new TestDnsServer({ zone: { ...scenarioZone(zones), ...wildcardZone('everything.example', [LISTED_IP, CLEAN_IP]) } }).start();
});
afterAll(() => dns.stop());

function ctx(): CheckContext {
  // The resolver's own timeout is longer than the DNSBL deadline: the deadline must end dead zones.
  const config: DnsConfig = { servers: parseServerList(dns.address), timeoutMs: 5000, retries: 0, cacheMaxTtlSec: 0 };
  return { dns: new DnsResolver(config), limits: DEFAULT_LIMITS, now: new Date() };
}
const cfg = (over: Partial<DnsblConfig> = {}): DnsblConfig => ({ zones, deadlineMs: DEADLINE, ...over });
const byZone = (s: SweepResult, zone: string) => s.listings.find((l) => l.zone === zone)!;

describe('DNSBL sweep against the test DNS server', () => {
  it('classifies listed, clean and timed-out zones for one address', async () => {
    const t0 = Date.now();
    const r = await checkDnsbl(ctx(), { ip: LISTED_IP, config: cfg() });
    const took = Date.now() - t0;
    const s = r.data as SweepResult;
    const zen = byZone(s, 'zen.spamhaus.org');
    expect(zen).toMatchObject({ status: 'listed', listed: true, effect: 'block', codes: ['127.0.0.2', '127.0.0.4'] });
    expect(zen.meaning).toMatch(/SBL/);
    expect(zen.meaning).toMatch(/XBL/);
    expect(zen.testPoints?.notListed?.verdict).toBe('ok');
    expect(zen.testPoints?.listed?.verdict).toBe('ok');
    expect(byZone(s, 'bl.spamcop.net').status).toBe('listed');
    expect(byZone(s, 'psbl.surriel.com')).toMatchObject({ status: 'clean', listed: false, codes: [] });
    expect(byZone(s, 'b.barracudacentral.org')).toMatchObject({ status: 'timeout', listed: false });
    expect(byZone(s, 'dnsbl-3.uceprotect.net')).toMatchObject({ status: 'listed', scope: 'network' });
    expect(r.status).toBe('fail');
    expect(r.findings.filter((f) => f.code === 'dnsbl.listed').map((f) => f.data?.zone)).toEqual(['zen.spamhaus.org', 'bl.spamcop.net']);
    expect(r.findings.find((f) => f.code === 'dnsbl.listed-range')?.severity).toBe('warn');
    expect(r.summary).toMatch(/listed on 2 \(Spamhaus ZEN, SpamCop\); range or network listed on UCEPROTECT level 3/);
    // The dead zone ends at its deadline, not at the resolver's 5 s timeout.
    expect(took).toBeGreaterThanOrEqual(DEADLINE - 20);
    expect(took).toBeLessThan(DEADLINE + 1500);
  });

  it('reports a clean address as pass with no listing', async () => {
    const r = await checkDnsbl(ctx(), { ip: CLEAN_IP, config: cfg({ zones: zones.filter((z) => z.zone !== 'b.barracudacentral.org') }) });
    const s = r.data as SweepResult;
    expect(s.listings.filter((l) => l.status !== 'clean').map((l) => `${l.zone}:${l.status}`)).toEqual([]);
    expect(r.status).toBe('pass');
    // TEST-NET addresses are flagged as not public (blocklists list only public addresses).
    expect(r.findings.map((f) => f.code)).toEqual(['dnsbl.special-address', 'dnsbl.clean']);
  });

  it('says "refused" (not listed) when Spamhaus answers 127.255.255.254, and explains the fix', async () => {
    const r = await checkDnsbl(ctx(), { ip: REFUSED_IP, config: cfg({ zones: zones.filter((z) => z.zone !== 'b.barracudacentral.org') }) });
    const zen = byZone(r.data as SweepResult, 'zen.spamhaus.org');
    expect(zen).toMatchObject({ status: 'refused', listed: false, codes: ['127.255.255.254'] });
    expect(zen.meaning).toMatch(/public or open resolver/);
    expect(zen.meaning).toMatch(/local recursive resolver/);
    expect(zen.meaning).toMatch(/MXRAY_SPAMHAUS_DQS_KEY/);
    expect(r.findings.find((f) => f.code === 'dnsbl.refused')?.severity).toBe('warn');
    expect(r.status).toBe('warn');
  });

  it('looks IPv6 up by reversed nibbles and skips IPv4-only lists', async () => {
    const r = await checkDnsbl(ctx(), { ip: LISTED_IPV6, config: cfg() });
    const s = r.data as SweepResult;
    const zen = byZone(s, 'zen.spamhaus.org');
    expect(zen.query).toBe('5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org');
    expect(zen).toMatchObject({ status: 'listed', codes: ['127.0.0.3'] });
    expect(zen.testPoints?.listed?.verdict).toBe('ok'); // ::ffff:7f00:2 is listed
    expect(s.skipped.map((x) => x.zone)).toContain('b.barracudacentral.org');
    expect(s.listings.map((l) => l.zone)).not.toContain('psbl.surriel.com');
    expect(s.listings.map((l) => l.zone)).toContain('bl.ipv6.spameatingmonkey.net');
  });

  it('treats a list that lists 127.0.0.1 as broken, not as a listing', async () => {
    const zonesFile = { zones: [{ zone: 'everything.example', name: 'Everything' }] };
    const r = await checkDnsbl(ctx(), { ip: CLEAN_IP, config: cfg({ zones: applyZonesFile([], zonesFile) }) });
    const l = byZone(r.data as SweepResult, 'everything.example');
    expect(l).toMatchObject({ status: 'error', listed: false });
    expect(l.testPoints?.notListed).toMatchObject({ verdict: 'bad', answer: ['127.0.0.2'] });
    expect(l.meaning).toMatch(/broken or wildcarding/);
    expect(r.findings.map((f) => f.code)).toContain('dnsbl.zone-broken');
    expect(r.findings.map((f) => f.code)).not.toContain('dnsbl.listed');
  });

  it('self-tests with the RFC 5782 test points: 127.0.0.2 listed everywhere, 127.0.0.1 nowhere', async () => {
    const live = zones.filter((z) => z.zone !== 'b.barracudacentral.org');
    const yes = await sweepIp(ctx().dns, '127.0.0.2', { zones: live, deadlineMs: DEADLINE });
    expect(yes.listings.filter((l) => l.status !== 'listed').map((l) => l.zone)).toEqual([]);
    const no = await sweepIp(ctx().dns, '127.0.0.1', { zones: live, deadlineMs: DEADLINE });
    expect(no.listings.filter((l) => l.status !== 'clean').map((l) => l.zone)).toEqual([]);
  });

  it('checks the domain on DBL, SURBL and URIBL: listed, refused and clean', async () => {
    const r = await checkDomainBlocklists(ctx(), { domain: 'mail.Example.com.', config: cfg() });
    const s = r.data as SweepResult;
    expect(s.target).toBe('example.com');
    expect(byZone(s, 'dbl.spamhaus.org')).toMatchObject({ status: 'listed', codes: ['127.0.1.2'], meaning: 'Spam domain.' });
    expect(byZone(s, 'dbl.spamhaus.org').testPoints?.listed).toMatchObject({ name: 'dbltest.com.dbl.spamhaus.org', verdict: 'ok' });
    expect(byZone(s, 'multi.surbl.org')).toMatchObject({ status: 'refused', listed: false });
    expect(byZone(s, 'multi.uribl.com')).toMatchObject({ status: 'clean' });
    expect(r.status).toBe('fail');
  });

  it('rewrites Spamhaus zones for a DQS key and hides the key in the report', async () => {
    const key = 'abcdefghijklmnopqrstuvwxyz';
    dns.set(`${[...LISTED_IP.split('.')].reverse().join('.')}.${key}.zen.dq.spamhaus.net`, { A: ['127.0.0.2'] });
    const config = dnsblConfigFromEnv({ MXRAY_SPAMHAUS_DQS_KEY: key, MXRAY_DNSBL_TIMEOUT_MS: String(DEADLINE), MXRAY_DNSBL_DISABLE: 'b.barracudacentral.org' });
    const c = ctx();
    const r = await checkDnsbl(c, { ip: LISTED_IP, config });
    const zen = byZone(r.data as SweepResult, '<dqs-key>.zen.dq.spamhaus.net');
    expect(zen).toMatchObject({ status: 'listed', codes: ['127.0.0.2'] });
    expect(JSON.stringify(r.data)).not.toContain(key);
    // The DNS trace is stored with every report: the key must not be in it either.
    expect(c.dns.trace.some((q) => q.name.includes('<dqs-key>.zen.dq.spamhaus.net'))).toBe(true);
    expect(JSON.stringify(c.dns.trace)).not.toContain(key);
  });
});

describe('mxray dnsbl (CLI)', () => {
  async function cli(args: string[], env: Record<string, string>) {
    const { run } = await import('@/lib/cli/commands/dnsbl');
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: async () => Buffer.alloc(0), color: false });
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }
  const env = () => ({ MXRAY_DNS_SERVERS: dns.address, MXRAY_DNSBL_TIMEOUT_MS: String(DEADLINE), MXRAY_DNSBL_DISABLE: 'b.barracudacentral.org' });

  it('prints the JSON shape { target, listings: [{ zone, listed, status, codes, meaning }] } and exits 1 when listed', async () => {
    const r = await cli([LISTED_IP, '--json'], env());
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { target: string; listings: { zone: string; listed: boolean; status: string; codes: string[]; meaning: string }[] };
    expect(j.target).toBe(LISTED_IP);
    expect(j.listings.find((l) => l.zone === 'zen.spamhaus.org')).toMatchObject({ listed: true, status: 'listed', codes: ['127.0.0.2', '127.0.0.4'] });
    expect(j.listings.find((l) => l.zone === 'psbl.surriel.com')).toMatchObject({ listed: false, status: 'clean', codes: [] });
    expect(j.listings.every((l) => typeof l.meaning === 'string' && l.meaning.length > 0)).toBe(true);
  });

  it('checks a domain on the domain lists, and rejects garbage with exit code 2', async () => {
    const r = await cli(['example.com'], env());
    expect(r.out).toMatch(/dbl\.spamhaus\.org 127\.0\.1\.2/);
    await expect(cli(['300.1.2.3'], env())).rejects.toThrow(/not a valid IPv4/);
    const bad = await cli(['192.0.2.1'], { ...env(), MXRAY_SPAMHAUS_DQS_KEY: 'bad.key' });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/MXRAY_SPAMHAUS_DQS_KEY/);
  });
});
