import { describe, expect, it } from 'vitest';
import type { CheckId, CheckResult, Finding } from '@/lib/checks/types';
import { catalog } from '@/lib/findings/catalog';
import type { MessageAnalysis } from '@/lib/message/types';
import type { DomainReport } from '@/lib/report/types';
import { CAP, MAX_SCORE, formatScoreLine, scoreDomainReport, scoreMessage } from '@/lib/report/scoring';

const IDS: CheckId[] = ['spf', 'dkim', 'dmarc', 'mx', 'fcrdns', 'dnsbl', 'dnsbl-domain', 'mta-sts', 'tls-rpt', 'bimi'];
const PREFIX: Record<string, string> = { 'dnsbl-domain': 'dnsbl' };

function report(checks: CheckResult[]): DomainReport {
  return { kind: 'check', domain: 'example.test', takenAt: '2026-12-03T00:00:00Z', status: 'pass', checks, dns: { queries: 0, cacheHits: 0, servers: [], trace: [] } as never, ms: 0 };
}
const check = (id: CheckId, status: CheckResult['status'], findings: Finding[]): CheckResult => ({ id, title: id, status, summary: '', findings, records: [] });
const allCodes = (id: CheckId) => Object.keys(catalog).filter((c) => c.startsWith(`${PREFIX[id] ?? id}.`));

describe('the score', () => {
  it('is 10 with nothing to fix, and lists what costs points, worst first', () => {
    expect(scoreDomainReport(report(IDS.map((id) => check(id, 'pass', []))))).toEqual({ value: MAX_SCORE, max: MAX_SCORE, lines: [] });
    const s = scoreDomainReport(report([
      check('spf', 'fail', [{ code: 'spf.ip-not-authorised', severity: 'fail', detail: '' }]),
      check('dmarc', 'warn', [{ code: 'dmarc.policy-none', severity: 'warn', detail: '' }]),
      check('fcrdns', 'fail', [{ code: 'fcrdns.no-ptr', severity: 'fail', detail: '' }, { code: 'fcrdns.generic', severity: 'warn', detail: '' }]),
    ]));
    expect(s.lines.map(formatScoreLine)).toEqual(['−2: The server IP is not authorised', '−2: No reverse DNS (PTR) for the sending IP', `−0.5: ${catalog['dmarc.policy-none']!.title}`]);
    expect(s.value).toBe(5.5);
  });

  it('is never higher when a check could not run than when it ran and failed (every check, every code)', () => {
    for (const id of IDS) {
      const everyFailure = allCodes(id).map((code): Finding => ({ code, severity: 'fail', detail: '' }));
      const failed = scoreDomainReport(report([check(id, 'fail', everyFailure)]));
      const untested = scoreDomainReport(report([check(id, 'error', [{ code: `${id}.lookup-error`, severity: 'error', detail: '' }])]));
      expect(untested.value, id).toBeLessThanOrEqual(failed.value);
      expect(untested.lines[0], id).toMatchObject({ untested: true, points: CAP[id] });
    }
  });

  it('caps what one check can cost', () => {
    const s = scoreDomainReport(report([check('spf', 'fail', ['spf.missing', 'spf.permerror', 'spf.ip-not-authorised'].map((code): Finding => ({ code, severity: 'fail', detail: '' })))]));
    expect(s.value).toBe(MAX_SCORE - CAP.spf!);
  });

  it('scores a message: a temperror costs as much as the worst failure of its kind', () => {
    const msg = (findings: Finding[]): MessageAnalysis => ({ kind: 'analysis', status: 'pass', receiver: { dkim: [] }, verified: { dkim: [] }, hops: [], findings, takenAt: '' });
    const failed = scoreMessage(msg([{ code: 'message.spf-permerror', severity: 'fail', detail: '' }]));
    const untested = scoreMessage(msg([{ code: 'message.spf-temperror', severity: 'error', detail: '' }]));
    expect(untested.value).toBeLessThanOrEqual(failed.value);
    expect(scoreMessage(msg([{ code: 'message.input-empty', severity: 'error', detail: '' }])).value).toBe(0);
  });
});
