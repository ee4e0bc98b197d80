import { describe, expect, it } from 'vitest';
import { evaluateMtaSts, type MtaStsFacts } from '@/lib/checks/mta-sts/evaluate';

/** Facts as the fetch layer would hand them over, with a policy body served over HTTPS. */
function facts(body: string, over: Partial<MtaStsFacts> = {}): MtaStsFacts {
  return {
    domain: 'example.com',
    now: new Date('2026-01-01T00:00:00Z'),
    txt: { outcome: 'NOERROR', strings: [['v=STSv1; id=1']] },
    mx: { outcome: 'NOERROR', hosts: ['mx1.example.com', 'mx2.example.net'] },
    policyHost: { name: 'mta-sts.example.com', outcome: 'NOERROR', addresses: ['192.0.2.80'] },
    fetch: { kind: 'response', address: '192.0.2.80', status: 200, contentType: 'text/plain', body, ms: 5, attempts: [] },
    httpsPort: 443,
    ...over,
  };
}
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('MTA-STS verdict', () => {
  it('only warns when a testing-mode policy misses an MX host', () => {
    const r = evaluateMtaSts(facts('version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n'));
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['mta-sts.mx-not-covered', 'mta-sts.mode-testing']);
    expect(r.fix!.summary).toContain('mx: mx2.example.net');
  });

  it('treats mode none as a withdrawn policy (info), without MX matching', () => {
    const r = evaluateMtaSts(facts('version: STSv1\nmode: none\nmax_age: 86400\n'));
    expect(r.status).toBe('info');
    expect(codes(r)).toEqual(['mta-sts.mode-none']);
  });

  it('warns about a max_age under a day', () => {
    const r = evaluateMtaSts(facts('version: STSv1\nmode: enforce\nmx: *.example.com\nmx: mx2.example.net\nmax_age: 300\n'));
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['mta-sts.max-age-short']);
  });

  it('warns about two STS records', () => {
    const r = evaluateMtaSts(facts('version: STSv1\nmode: enforce\nmx: *.example.com\nmx: mx2.example.net\nmax_age: 604800\n', { txt: { outcome: 'NOERROR', strings: [['v=STSv1; id=1'], ['v=STSv1; id=2']] } }));
    expect(codes(r)).toEqual(['mta-sts.record-multiple']);
  });

  it('cannot compare with MX hosts it could not look up', () => {
    const r = evaluateMtaSts(facts('version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 604800\n', { mx: { outcome: 'TIMEOUT', hosts: [] } }));
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['mta-sts.mx-lookup-error']);
  });

  it('reports a TXT timeout as "could not test" without looking further', () => {
    const r = evaluateMtaSts(facts('', { txt: { outcome: 'TIMEOUT', strings: [] } }));
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['mta-sts.lookup-error']);
  });

  it('passes a policy that covers every MX host', () => {
    const r = evaluateMtaSts(facts('version: STSv1\nmode: enforce\nmx: *.example.com\nmx: mx2.example.net\nmax_age: 604800\n'));
    expect(r.status).toBe('pass');
    expect(r.data!.mx).toEqual([{ host: 'mx1.example.com', pattern: '*.example.com' }, { host: 'mx2.example.net', pattern: 'mx2.example.net' }]);
  });
});
