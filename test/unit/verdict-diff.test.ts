import { describe, expect, it } from 'vitest';
import { diffVerdicts } from '@/lib/message/verdict-diff';
import type { AuthSide, MessageAnalysis } from '@/lib/message/types';

const analysis = (verified: AuthSide): MessageAnalysis => ({ kind: 'analysis', status: 'info', receiver: { dkim: [] }, verified, hops: [], findings: [], takenAt: '2026-11-25T00:00:00Z' });

describe('verdicts of a message before and after verifying it again', () => {
  it('lists every verdict, marks the changed ones, and matches DKIM signatures by domain and selector', () => {
    const before = analysis({ spf: { result: 'pass' }, dkim: [{ result: 'permerror', domain: 'a.test', selector: 's1' }, { result: 'pass', domain: 'esp.test', selector: 'k' }], dmarc: { result: 'fail' } });
    const after = analysis({ spf: { result: 'pass' }, dkim: [{ result: 'pass', domain: 'esp.test', selector: 'k' }, { result: 'pass', domain: 'a.test', selector: 's1' }], dmarc: { result: 'pass' } });
    expect(diffVerdicts(before, after)).toEqual([
      { check: 'SPF', before: 'pass', after: 'pass', changed: false },
      { check: 'DKIM d=a.test s=s1', before: 'permerror', after: 'pass', changed: true },
      { check: 'DKIM d=esp.test s=k', before: 'pass', after: 'pass', changed: false },
      { check: 'DMARC', before: 'fail', after: 'pass', changed: true },
    ]);
  });

  it('shows a verdict one side lacks as "absent", and leaves out what neither side has', () => {
    const before = analysis({ dkim: [] });
    const after = analysis({ dkim: [{ result: 'fail', domain: 'a.test', selector: 's' }], arc: { result: 'none' } });
    expect(diffVerdicts(before, after)).toEqual([
      { check: 'DKIM d=a.test s=s', before: 'absent', after: 'fail', changed: true },
      { check: 'ARC', before: 'absent', after: 'none', changed: true },
    ]);
  });

  it('calls the verdict of an unsigned message just DKIM', () => {
    const unsigned = analysis({ dkim: [{ result: 'none', detail: 'message not signed' }] });
    expect(diffVerdicts(unsigned, unsigned)).toEqual([{ check: 'DKIM', before: 'none', after: 'none', changed: false }]);
  });
});
