import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDmarc, type DmarcData } from '@/lib/checks/dmarc';
import type { CheckContext, CheckResult } from '@/lib/checks/types';
import { parseServerList, type DnsConfig } from '@/lib/dns';
import { createCheckContext } from '@/lib/report/context';
import { TestDnsServer } from '../support/dns-server';
import { dmarcZone } from '../fixtures/zones/dmarc';

// The DMARC check end to end against a real dns2 server on loopback.
let dns: TestDnsServer;
beforeAll(async () => {
  dns = await new TestDnsServer({ zone: dmarcZone }).start();
});
afterAll(() => dns.stop());

function ctx(over: Partial<DnsConfig> = {}): CheckContext {
  return createCheckContext({ dns: { servers: parseServerList(dns.address), timeoutMs: 2000, retries: 0, cacheMaxTtlSec: 60, ...over }, cache: null });
}
const run = (domain: string, c = ctx()): Promise<CheckResult<DmarcData>> => checkDmarc(c, { domain });
const codes = (r: CheckResult) => r.findings.map((f) => f.code);

describe('DMARC check', () => {
  it('passes an enforced policy with reports at the same domain', async () => {
    const r = await run('good.test');
    expect(r.status).toBe('pass');
    expect(r.data).toMatchObject({ source: 'domain', policy: 'reject', recordName: '_dmarc.good.test', orgDomain: 'good.test', externalDestinations: [] });
    expect(r.fix).toBeUndefined();
  });

  it('warns about p=none and gives the quarantine record as the next step', async () => {
    const r = await run('none.test');
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['dmarc.policy-none']);
    expect(r.fix!.records).toEqual([{ name: '_dmarc.none.test', type: 'TXT', value: 'v=DMARC1; p=quarantine; rua=mailto:reports@none.test' }]);
    expect(r.fix!.replaces).toBe('v=DMARC1; p=none; rua=mailto:reports@none.test');
  });

  it('with p=none and no rua, the next step is reports, not quarantine', async () => {
    const r = await run('none-norua.test');
    expect(codes(r)).toEqual(['dmarc.policy-none', 'dmarc.no-rua']);
    expect(r.fix!.records[0]!.value).toBe('v=DMARC1; p=none; rua=mailto:dmarc-reports@none-norua.test');
  });

  it('fails a missing record and suggests a starter record', async () => {
    const r = await run('missing.test');
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['dmarc.missing']);
    expect(r.fix!.records).toEqual([{ name: '_dmarc.missing.test', type: 'TXT', value: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@missing.test' }]);
  });

  it('falls back to the organizational domain found by the tree walk and applies its sp=', async () => {
    const c = ctx();
    const r = await run('sub.org.test', c);
    expect(r.data).toMatchObject({ source: 'organizational', orgDomain: 'org.test', recordName: '_dmarc.org.test', policy: 'quarantine' });
    expect(codes(r)).toEqual(expect.arrayContaining(['dmarc.inherited', 'dmarc.enforced']));
    // RFC 9989 §4.10: the walk goes on to the top label (RFC 7489 stopped at the PSL org domain),
    // then one A question tells whether sub.org.test exists (sp= or np=).
    expect(c.dns.trace.map((t) => t.name)).toEqual(['_dmarc.sub.org.test', '_dmarc.org.test', '_dmarc.test', 'sub.org.test']);
    expect(r.data!.walk.map((w) => [w.name, w.outcome, w.records.length])).toEqual([['_dmarc.sub.org.test', 'NXDOMAIN', 0], ['_dmarc.org.test', 'NOERROR', 1], ['_dmarc.test', 'NXDOMAIN', 0]]);
    const deep = await run('a.b.deep.org.test');
    expect(deep.data).toMatchObject({ source: 'organizational', recordName: '_dmarc.org.test' });
    const own = await run('own.org.test');
    expect(own.data).toMatchObject({ source: 'domain', policy: 'none' });
  });

  // Changed for RFC 9989: the PSL's private section (github.io) no longer separates organizations;
  // only a psd=y record would. Both readings are reported.
  it('uses the tree walk, not the PSL private section: github.io\'s record covers user.github.io unless it says psd=y', async () => {
    const r = await run('user.github.io');
    expect(r.data).toMatchObject({ orgDomain: 'github.io', recordName: '_dmarc.github.io', source: 'organizational', policy: 'reject', rfc7489: { orgDomain: 'user.github.io', recordName: null, policy: null } });
    const differs = r.findings.find((f) => f.code === 'dmarc.rfc7489-differs')!;
    expect(differs.detail).toBe('RFC 9989 receivers walk the DNS tree and apply reject from _dmarc.github.io, organizational domain github.io; RFC 7489 receivers (Public Suffix List, organizational domain user.github.io) find no record and apply no policy');
  });

  it('fails multiple records; RFC 9989 discards them and walks on, RFC 7489 applies nothing', async () => {
    const r = await run('multi.test');
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['dmarc.multiple-records']);
    expect(r.records).toHaveLength(2);
    expect(r.fix!.records[0]!.value).toBe('v=DMARC1; p=reject; rua=mailto:d@multi.test'); // the strictest one kept
    const sub = await run('sub.multi2.test');
    expect(codes(sub)).toEqual(['dmarc.multiple-records']);
    // Changed for RFC 9989 §4.10 step 2: the parent's p=none applies; RFC 7489 §6.6.3 stopped with none.
    expect(sub.data).toMatchObject({ policy: 'none', recordName: '_dmarc.multi2.test', rfc7489: { policy: null } });
    expect(sub.findings[0]!.data).toMatchObject({ rfc9989: 'none', rfc7489: null });
  });

  it('checks external report destinations in parallel and gives the missing authorisation record', async () => {
    const c = ctx();
    const r = await run('ext.test', c);
    expect(r.status).toBe('warn');
    const dests = r.data!.externalDestinations;
    expect(dests).toEqual([
      { uri: 'mailto:agg@reports.esp.test', domain: 'reports.esp.test', authorised: true, outcome: 'NOERROR' },
      { uri: 'mailto:forensic@noauth.test', domain: 'noauth.test', authorised: false, outcome: 'NXDOMAIN' },
    ]);
    expect(codes(r)).toEqual(expect.arrayContaining(['dmarc.external-authorised', 'dmarc.external-unauthorised']));
    // Only records in the user's own zone (issue 12): reports go to the user's own mailbox instead;
    // the authorisation the report service would publish is named in the summary.
    expect(r.fix!.records).toEqual([{ name: '_dmarc.ext.test', type: 'TXT', value: 'v=DMARC1; p=quarantine; rua=mailto:agg@reports.esp.test,mailto:me@ext.test' }]);
    expect(r.fix!.summary).toContain('ext.test._report._dmarc.noauth.test');
    // p=none whose only rua is an unauthorised external address: get reports flowing before raising the policy.
    dns.set('_dmarc.extnone.test', { TXT: ['v=DMARC1; p=none; rua=mailto:agg@noauth.test'] });
    const n = await run('extnone.test');
    expect(n.fix!.records).toEqual([{ name: '_dmarc.extnone.test', type: 'TXT', value: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@extnone.test' }]);
    // mailto:me@ext.test is the same organization: no lookup for it.
    expect(c.dns.trace.filter((t) => t.name.includes('._report._dmarc.')).map((t) => t.name).sort()).toEqual(['ext.test._report._dmarc.noauth.test', 'ext.test._report._dmarc.reports.esp.test']);
    const same = await run('sameorg.test');
    expect(same.data!.externalDestinations).toEqual([]);
  });

  it('an external destination that times out is "could not test", not unauthorised', async () => {
    const r = await run('extslow.test', ctx({ timeoutMs: 1000 }));
    expect(r.status).toBe('error');
    expect(codes(r)).toContain('dmarc.external-lookup-error');
    expect(r.fix).toBeUndefined();
  });

  it('reports timeout and SERVFAIL as "could not test", never fail', async () => {
    const t = await run('slow.test', ctx({ timeoutMs: 300 }));
    expect(t.status).toBe('error');
    expect(codes(t)).toEqual(['dmarc.lookup-error']);
    const s = await run('broken.test');
    expect(s.status).toBe('error');
  });

  it('explains a record receivers ignore because of v=dmarc1 and gives the corrected one', async () => {
    const r = await run('badver.test');
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['dmarc.bad-version']);
    expect(r.fix!.records[0]).toEqual({ name: '_dmarc.badver.test', type: 'TXT', value: 'v=DMARC1; p=reject; rua=mailto:d@badver.test' });
  });

  it('fails an invalid p= (treated as none because rua is usable) and cleans the record', async () => {
    const r = await run('invalid.test');
    expect(r.status).toBe('fail');
    expect(r.data!.policy).toBe('none');
    // pct=150 is no longer invalid but removed (RFC 9989): a note.
    expect(codes(r)).toEqual(expect.arrayContaining(['dmarc.policy-invalid', 'dmarc.unknown-tag', 'dmarc.removed-tag']));
    expect(r.fix!.records[0]!.value).toBe('v=DMARC1; p=none; rua=mailto:x@invalid.test');
  });

  it('joins a record split into character-strings', async () => {
    const r = await run('chunked.test');
    expect(r.data!.policy).toBe('reject');
    expect(r.records[0]!.strings).toEqual(['v=DMARC1; p=re', 'ject; rua=mailto:d@chunked.test']);
  });

  it('shows a fix over 255 bytes split into strings', async () => {
    const r = await run('long.test');
    expect(r.data!.policy).toBe('quarantine');
    expect(r.status).toBe('pass');
    const s = await run('tests.test');
    expect(codes(s)).toEqual(expect.arrayContaining(['dmarc.testing', 'dmarc.pct-partial']));
    expect(s.fix!.records[0]!.value).toBe('v=DMARC1; p=reject; pct=50; rua=mailto:d@tests.test');
    // A record long enough to need splitting: the rebuilt long.test record, after adding t=y.
    dns.set('_dmarc.long.test', { TXT: [`${r.data!.record}; t=y`] });
    const l2 = await run('long.test');
    const fix = l2.fix!.records[0]!;
    expect(Buffer.byteLength(fix.value)).toBeGreaterThan(255);
    expect(fix.strings!.join('')).toBe(fix.value);
    expect(fix.strings!.every((x) => Buffer.byteLength(x) <= 255)).toBe(true);
  });
});
