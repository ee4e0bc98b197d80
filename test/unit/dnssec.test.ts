import { describe, expect, it } from 'vitest';
import { classifySecurity, type NameSecurity } from '@/lib/dns/dnssec';
import { judgeValidation } from '@/lib/dns/dnssec-selftest';
import { evaluateDnssec } from '@/lib/checks/dnssec/evaluate';
import type { DnsOutcome, SecureAnswer } from '@/lib/dns/types';

const ans = (outcome: DnsOutcome, authenticated = false): SecureAnswer => ({ name: 'x.test', type: 'A', outcome, records: [], cnames: [], ttl: 0, authenticated, checkingDisabled: false });
const sec = (name: string, state: NameSecurity['state'], outcome: DnsOutcome = 'NOERROR'): NameSecurity => ({ name, type: 'A', state, outcome, answer: ans(outcome) });

describe('DNSSEC state from the AD bit (RFC 4035 §3.2.3)', () => {
  it.each([
    ['NOERROR with AD', ans('NOERROR', true), undefined, 'secure'],
    ['signed denial (NXDOMAIN with AD)', ans('NXDOMAIN', true), undefined, 'secure'],
    ['NOERROR without AD', ans('NOERROR'), undefined, 'insecure'],
    ['NODATA without AD', ans('NODATA'), undefined, 'insecure'],
    ['SERVFAIL that CD turns into an answer', ans('SERVFAIL'), ans('NOERROR'), 'bogus'],
    ['SERVFAIL with CD too', ans('SERVFAIL'), ans('SERVFAIL'), 'unknown'],
    ['timeout', ans('TIMEOUT'), undefined, 'unknown'],
  ] as const)('%s → %s', (_label, first, cd, want) => {
    expect(classifySecurity(first, cd)).toBe(want);
  });
});

describe('resolver self-test verdict', () => {
  it('validates: the broken name fails and the signed one has AD', () => {
    expect(judgeValidation(sec('bad.test', 'bogus', 'SERVFAIL'), sec('good.test', 'secure')).validates).toBe(true);
  });
  it('does not validate: the broken name is answered', () => {
    expect(judgeValidation(sec('bad.test', 'insecure'), sec('good.test', 'insecure')).validates).toBe(false);
  });
  it('does not validate: the signed name comes back without AD', () => {
    expect(judgeValidation(sec('bad.test', 'unknown', 'TIMEOUT'), sec('good.test', 'insecure')).validates).toBe(false);
  });
  it('cannot tell when neither probe got an answer', () => {
    expect(judgeValidation(sec('bad.test', 'unknown', 'TIMEOUT'), sec('good.test', 'unknown', 'TIMEOUT')).validates).toBeUndefined();
  });
});

describe('DNSSEC check verdict', () => {
  const validation = (validates: boolean | undefined) => ({ validates, detail: 'd', bogusProbe: { name: 'b', state: 'bogus' as const, outcome: 'SERVFAIL' }, secureProbe: { name: 's', state: 'secure' as const, outcome: 'NOERROR' }, checkedAt: '' });

  it('an unsigned domain reads "insecure" only with a validating resolver', () => {
    const facts = { domain: 'example.test', domainSecurity: sec('example.test', 'insecure'), mxHosts: [] };
    expect(evaluateDnssec({ ...facts, validation: validation(true) }).findings.map((f) => f.code)).toEqual(['dnssec.insecure']);
    const not = evaluateDnssec({ ...facts, validation: validation(false) });
    expect(not.findings.map((f) => f.code)).toEqual(['dnssec.resolver-not-validating']);
    expect(not.status).toBe('info');
    expect(evaluateDnssec({ ...facts, validation: validation(undefined) }).findings.map((f) => f.code)).toEqual(['dnssec.resolver-untested']);
  });

  it('a bogus domain fails whatever the self-test says', () => {
    const r = evaluateDnssec({ domain: 'example.test', domainSecurity: sec('example.test', 'bogus', 'SERVFAIL'), mxHosts: [] });
    expect(r.status).toBe('fail');
    expect(r.findings[0]!.severity).toBe('fail');
  });
});
