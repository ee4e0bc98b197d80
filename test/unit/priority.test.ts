import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@/lib/checks/types';
import { evaluateChecklist } from '@/lib/checklist/evaluate';
import { nextStep, rankChecks, rankFindings } from '@/lib/report/priority';

function check(over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult {
  return { title: over.id.toUpperCase(), summary: `${over.id} is ${over.status}`, findings: [], records: [], ...over };
}

describe('worst first', () => {
  it('puts a blocklist listing before an SPF failure, and both before a missing optional record', () => {
    // The order a domain report runs its checks in: the blocklist comes sixth.
    const checks = [
      check({ id: 'spf', status: 'fail' }),
      check({ id: 'dkim', status: 'pass' }),
      check({ id: 'dmarc', status: 'warn' }),
      check({ id: 'mx', status: 'pass' }),
      check({ id: 'fcrdns', status: 'pass' }),
      check({ id: 'dnsbl', status: 'fail' }),
      check({ id: 'mta-sts', status: 'info' }),
      check({ id: 'tls-rpt', status: 'fail' }),
    ];
    expect(rankChecks(checks).map((c) => c.id)).toEqual(['dnsbl', 'spf', 'tls-rpt', 'dmarc', 'mta-sts', 'dkim', 'fcrdns', 'mx']);
  });

  it('ranks check ids it does not know (added later) by severity, between core and optional checks', () => {
    const ranked = rankChecks([check({ id: 'bimi', status: 'fail' }), check({ id: 'some-new-check' as never, status: 'fail' }), check({ id: 'dmarc', status: 'fail' }), check({ id: 'spf', status: 'warn' })]);
    expect(ranked.map((c) => c.id)).toEqual(['dmarc', 'some-new-check', 'bimi', 'spf']);
  });

  it('orders findings by severity and keeps their order within one', () => {
    const f = rankFindings([
      { code: 'a', severity: 'pass' as const, detail: '' },
      { code: 'b', severity: 'warn' as const, detail: '' },
      { code: 'c', severity: 'fail' as const, detail: '' },
      { code: 'd', severity: 'warn' as const, detail: '' },
    ]);
    expect(f.map((x) => x.code)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('heads the report with the proven fix of the worst check, or says nothing is to fix', () => {
    const spf = check({
      id: 'spf',
      status: 'fail',
      findings: [{ code: 'spf.ip-not-authorised', severity: 'fail', detail: 'SPF for 203.0.113.7 gives fail' }],
      fix: { summary: 'Replace the SPF record of example.test with this one', records: [{ name: 'example.test', type: 'TXT', value: 'v=spf1 ip4:203.0.113.7 ~all' }], where: 'dns', proof: { resolved: true, before: 'fail', after: 'pass', remaining: [] } },
    });
    const next = nextStep([check({ id: 'mta-sts', status: 'info' }), check({ id: 'mx', status: 'warn' }), spf]);
    expect(next).toMatchObject({ checkId: 'spf', status: 'fail', title: 'Fix SPF first', text: 'Replace the SPF record of example.test with this one' });
    const unproven = nextStep([{ ...spf, fix: { ...spf.fix!, records: [], proof: { resolved: false, before: 'fail', after: 'fail', remaining: ['x'], reason: 'r' } } }]);
    expect(unproven.text).toBe('SPF for 203.0.113.7 gives fail');
    const ptr = nextStep([check({ id: 'fcrdns', status: 'fail', fix: { summary: 'Set the PTR of 203.0.113.7 to mail.example.test', records: [], where: 'hosting-panel' } })]);
    expect(ptr.text).toContain("in your hosting provider's panel");
    expect(nextStep([check({ id: 'spf', status: 'pass' }), check({ id: 'bimi', status: 'info' })])).toMatchObject({ status: 'pass', title: 'Nothing to fix' });
  });

  it('heads the checklist with its most important open step', () => {
    const base = { domain: 'example.test', ip: '192.0.2.25', selector: 'mail' };
    const s = evaluateChecklist({ ...base, checks: { mx: check({ id: 'mx', status: 'fail' }), dnsbl: check({ id: 'dnsbl', status: 'fail' }), spf: check({ id: 'spf', status: 'pass' }) } });
    expect(s.next).toMatchObject({ itemId: 'ip-not-listed', state: 'todo' });
    const all = ['dnsbl', 'port25', 'spf', 'dkim', 'dmarc', 'fcrdns', 'mx'] as const;
    const done = evaluateChecklist({
      ...base,
      checks: Object.fromEntries(all.map((id) => [id, check({ id, status: 'pass' })])),
      test: { state: 'received', analysis: { kind: 'analysis', status: 'pass', receiver: { dkim: [] }, verified: { spf: { result: 'pass' }, dkim: [{ result: 'pass' }], dmarc: { result: 'pass' } }, hops: [], findings: [], takenAt: '2026-12-03T12:00:00Z' } as never },
    });
    expect(done.next).toMatchObject({ state: 'done', title: 'All steps done' });
  });
});
