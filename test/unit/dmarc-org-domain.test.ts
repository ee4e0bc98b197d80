import fs from 'node:fs';
import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';
import { describe, expect, it } from 'vitest';
import { orgDomain, sameOrganization } from '@/lib/checks/dmarc/org-domain';
import { corpus } from '../support/corpora';

/**
 * The Public Suffix List project's own conformance cases (publicsuffix/list tests/tests.txt, CC0;
 * /work/shared/corpora/dmarc/psl/SOURCES.md): "domain registrable-domain", null = none. The
 * registrable domain is RFC 7489's Organizational Domain. Our data is tldts's bundled PSL, not the
 * corpus snapshot; every case agrees.
 */
const cases = fs
  .readFileSync(corpus('dmarc/psl/tests-tests.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('//'))
  .map((l) => l.split(/\s+/) as [string, string]);

describe('organizational domain (RFC 7489 §3.2) against the PSL test cases', () => {
  it('has the cases', () => expect(cases.length).toBeGreaterThan(70));

  for (const [input, expected] of cases) {
    if (input === 'null') continue; // the "null input" case has no string form
    // The expected registrable domain may be Unicode; we answer in A-labels (what DNS is queried with).
    const want = expected === 'null' ? null : domainToASCII(expected);
    it(`${input} → ${expected}`, () => expect(orgDomain(input)).toBe(want));
  }

  it('documents where tldts alone differs from the PSL tests (our wrapper fixes these)', () => {
    // tldts keeps the input's case and ignores a leading dot; the PSL tests expect lower case and null.
    const raw = (d: string) => getDomain(d, { allowPrivateDomains: true, extractHostname: false });
    expect(raw('example.COM')).toBe('example.COM');
    expect(raw('.example.com')).toBe('example.com');
    expect(orgDomain('example.COM')).toBe('example.com');
    expect(orgDomain('.example.com')).toBeNull();
  });
});

describe('organizational domain, other inputs', () => {
  it('OpenDMARC test_tld.c cases (old PSL snapshot) agree with the current list', () => {
    // opendmarc-libtests.json org_domain_with_old_psl; the fourth case is C escapes and unusable.
    const t = JSON.parse(fs.readFileSync(corpus('dmarc/opendmarc/opendmarc-libtests.json'), 'utf8')) as { org_domain_with_old_psl: { cases: { domain: string; expected: string }[] } };
    for (const c of t.org_domain_with_old_psl.cases.slice(0, 3)) expect(orgDomain(c.domain)).toBe(c.expected);
  });

  it('includes the PSL private section: each github.io site is its own organization', () => {
    expect(orgDomain('user.github.io')).toBe('user.github.io');
    expect(orgDomain('www.user.github.io')).toBe('user.github.io');
    expect(sameOrganization('a.github.io', 'b.github.io')).toBe(false);
  });

  it('has no org domain for IPs, single labels, suffixes and empty labels', () => {
    for (const d of ['192.0.2.1', 'localhost', 'com', 'co.uk', 'a..example.com', '']) expect(orgDomain(d)).toBeNull();
    expect(orgDomain('mail.example.co.uk.')).toBe('example.co.uk');
    expect(orgDomain('Mail.Bücher.example')).toBe('xn--bcher-kva.example');
  });

  it('relaxed alignment helper', () => {
    expect(sameOrganization('reports.example.com', 'EXAMPLE.com')).toBe(true);
    expect(sameOrganization('example.com', 'example.net')).toBe(false);
    expect(sameOrganization('com', 'com')).toBe(false);
  });
});
