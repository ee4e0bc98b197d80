import { describe, expect, it } from 'vitest';
import { matchingPattern, mxMatchesPattern, parseStsPolicy, renderPolicy } from '@/lib/checks/mta-sts/policy';
import { newPolicyId, parseStsRecord, stsCandidates } from '@/lib/checks/mta-sts/record';

describe('MTA-STS TXT record (RFC 8461 §3.1)', () => {
  it.each([
    ['v=STSv1; id=20160831085700Z;', '20160831085700Z'], // the RFC's own example
    ['v=STSv1; id=abc', 'abc'],
    ['v=STSv1;id=abc', 'abc'],
    ['v=STSv1; id=abc; ext=value', 'abc'],
  ])('accepts %s', (raw, id) => {
    const r = parseStsRecord(raw);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.id).toBe(id);
  });

  it.each([
    ['v=STSv1', /id=.*missing/],
    ['v=STSv1, id=1', /separated by ";"/],
    ['v=stsv1; id=1', /exactly "v=STSv1"/],
    ['v=STSv1; id=2016-08-31', /letters and digits/],
    ['v=STSv1; id=' + 'a'.repeat(33), /1 to 32/],
    ['v=STSv1; id=1; id=2', /more than once/],
    ['v=STSv1; id=1;; x=y', /empty field/],
  ])('rejects %s', (raw, why) => {
    const r = parseStsRecord(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('; ')).toMatch(why);
  });

  it('picks candidate records the way senders do, joining character-strings', () => {
    expect(stsCandidates([['v=STSv1; ', 'id=1'], ['google-site-verification=x']])).toEqual(['v=STSv1; id=1']);
  });

  it('makes ids that are valid by construction', () => {
    const id = newPolicyId(new Date('2026-01-02T03:04:05.678Z'));
    expect(id).toBe('20260102T030405');
    expect(parseStsRecord(`v=STSv1; id=${id}`).ok).toBe(true);
  });
});

describe('MTA-STS policy file (RFC 8461 §3.2)', () => {
  it('parses the RFC example with CRLF, and LF line ends', () => {
    const text = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n';
    const r = parseStsPolicy(text);
    expect(r).toEqual({ ok: true, warnings: [], policy: { version: 'STSv1', mode: 'enforce', mx: ['mail.example.com', '*.example.net', 'backupmx.example.com'], maxAge: 604800 } });
    expect(parseStsPolicy(text.replace(/\r\n/g, '\n')).ok).toBe(true);
  });

  it('lets mode none go without mx lines', () => {
    expect(parseStsPolicy('version: STSv1\nmode: none\nmax_age: 86400').ok).toBe(true);
  });

  it.each([
    ['mode: enforce\nmx: a.example\nmax_age: 1', /version: STSv1" line is missing/],
    ['version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1', /version must be "STSv1"/],
    ['version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 1', /mode must be/],
    ['version: STSv1\nmode: enforce\nmax_age: 1', /needs at least one "mx:"/],
    ['version: STSv1\nmode: testing\nmx: a.example\nmax_age: 31557601', /above the maximum/],
    ['version: STSv1\nmode: testing\nmx: a.example\nmax_age: 1w', /whole number/],
    ['version: STSv1\nmode: testing\nmx: a.example', /max_age:" line is missing/],
    ['version: STSv1\nmode: testing\nmx: a..example\nmax_age: 1', /not a host name/],
    ['<html>hello</html>', /not a "key: value" line/],
  ])('rejects an invalid policy (%#)', (text, why) => {
    const r = parseStsPolicy(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('; ')).toMatch(why);
  });

  it('warns about a misspelt field name', () => {
    const r = parseStsPolicy('version: STSv1\nmode: none\nmax_age: 1\nMax-Age: 5');
    expect(r.ok && r.warnings[0]).toMatch(/not a field name/);
  });

  it('renders a policy that parses back to the same values', () => {
    const r = parseStsPolicy(renderPolicy('testing', ['mx1.example.com', 'mx2.example.com'], 604800));
    expect(r.ok && r.policy).toEqual({ version: 'STSv1', mode: 'testing', mx: ['mx1.example.com', 'mx2.example.com'], maxAge: 604800 });
  });
});

describe('MX pattern matching (RFC 8461 §4.1)', () => {
  it.each([
    ['mail.example.com', 'mail.example.com', true],
    ['MAIL.Example.com.', 'mail.example.com', true],
    ['mx1.example.net', '*.example.net', true],
    ['a.b.example.net', '*.example.net', false], // the wildcard covers exactly one label
    ['example.net', '*.example.net', false],
    ['mail.example.com', 'example.com', false],
  ])('%s against %s → %s', (host, pattern, expected) => {
    expect(mxMatchesPattern(host, pattern)).toBe(expected);
  });

  it('returns the first pattern that covers a host', () => {
    expect(matchingPattern('mx2.example.net', ['mx1.example.net', '*.example.net'])).toBe('*.example.net');
    expect(matchingPattern('other.example.org', ['*.example.net'])).toBeUndefined();
  });
});
