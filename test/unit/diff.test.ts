import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@/lib/checks/types';
import { diffReports, isEmptyDiff } from '@/lib/report/diff';
import type { DomainReport } from '@/lib/report/types';

function check(over: Partial<CheckResult> & Pick<CheckResult, 'id'>): CheckResult {
  return { status: 'pass', title: over.id.toUpperCase(), summary: '', findings: [], records: [], ...over };
}

function report(checks: CheckResult[], takenAt = '2026-11-25T12:00:00.000Z'): DomainReport {
  const rank = { pass: 0, info: 1, warn: 2, error: 3, fail: 4 } as const;
  const status = checks.reduce<CheckResult['status']>((a, c) => (rank[c.status] > rank[a] ? c.status : a), 'pass');
  return { kind: 'check', domain: 'example.test', takenAt, status, checks, dns: { queries: 0, packets: 0, cacheHits: 0, inflightHits: 0, timeouts: 0, totalMs: 0, servers: [], trace: [] }, ms: 1 };
}

const missingDmarc = { code: 'dmarc.missing', severity: 'fail' as const, detail: 'No DMARC record at _dmarc.example.test.' };

describe('diffReports', () => {
  it('says nothing changed when two runs saw the same thing, even as TTLs count down', () => {
    const a = report([check({ id: 'spf', records: [{ name: 'example.test', type: 'TXT', value: 'v=spf1 -all', ttl: 300 }] })]);
    const b = report([check({ id: 'spf', records: [{ name: 'example.test', type: 'TXT', value: 'v=spf1 -all', ttl: 120 }] })], '2026-11-25T12:03:00.000Z');
    const d = diffReports(a, b);
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.unchanged).toBe(1);
    expect(d.elapsedSeconds).toBe(180);
  });

  it('reports a fixed DMARC record as better, with the finding gone and the new record', () => {
    const a = report([check({ id: 'dmarc', status: 'fail', findings: [missingDmarc] })]);
    const b = report([check({ id: 'dmarc', status: 'pass', records: [{ name: '_dmarc.example.test', type: 'TXT', value: 'v=DMARC1; p=none' }] })]);
    const d = diffReports(a, b);
    expect(d.status).toEqual({ from: 'fail', to: 'pass', direction: 'better' });
    expect(d.checks).toHaveLength(1);
    const c = d.checks[0]!;
    expect(c.status?.direction).toBe('better');
    expect(c.findingsGone).toEqual([missingDmarc]);
    expect(c.findingsNew).toEqual([]);
    expect(c.recordsNew.map((r) => r.value)).toEqual(['v=DMARC1; p=none']);
  });

  it('reports a regression as worse and a changed record as one gone and one new', () => {
    const a = report([check({ id: 'spf', records: [{ name: 'example.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.1 -all' }] })]);
    const b = report([check({ id: 'spf', status: 'warn', records: [{ name: 'example.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.2 -all' }] })]);
    const c = diffReports(a, b).checks[0]!;
    expect(c.status).toEqual({ from: 'pass', to: 'warn', direction: 'worse' });
    expect(c.recordsGone.map((r) => r.value)).toEqual(['v=spf1 ip4:192.0.2.1 -all']);
    expect(c.recordsNew.map((r) => r.value)).toEqual(['v=spf1 ip4:192.0.2.2 -all']);
  });

  it('ranks "could not test" between warn and fail', () => {
    const d = diffReports(report([check({ id: 'mx', status: 'fail' })]), report([check({ id: 'mx', status: 'error' })]));
    expect(d.checks[0]!.status?.direction).toBe('better');
    const e = diffReports(report([check({ id: 'mx', status: 'warn' })]), report([check({ id: 'mx', status: 'error' })]));
    expect(e.checks[0]!.status?.direction).toBe('worse');
  });

  it('lists checks that only one of the runs had (an IP given the second time)', () => {
    const d = diffReports(report([check({ id: 'spf' }), check({ id: 'bimi' })]), report([check({ id: 'spf' }), check({ id: 'fcrdns', status: 'fail' })]));
    expect(d.checks.map((c) => [c.id, c.change])).toEqual([['fcrdns', 'added'], ['bimi', 'removed']]);
    expect(d.unchanged).toBe(1);
  });
});
