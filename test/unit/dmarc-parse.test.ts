import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDmarcRecord, looksLikeBrokenDmarc, parseDmarcRecord } from '@/lib/checks/dmarc/parse';
import { parseReportUri } from '@/lib/checks/dmarc/report-uri';
import { effectivePolicy, evaluateRecord } from '@/lib/checks/dmarc/evaluate';
import { rebuildRecord } from '@/lib/checks/dmarc/fix';
import { corpus } from '../support/corpora';

/**
 * OpenDMARC's record-parse verdicts (trusteddomainproject/OpenDMARC libopendmarc/tests/test_dmarc_parse.c,
 * BSD-3-Clause + Sendmail; /work/shared/corpora/dmarc/SOURCES.md). OpenDMARC's verdicts describe a
 * library deciding whether to process mail; ours describe what a domain owner must fix, so:
 * - DMARC_PARSE_OKAY ↔ a DMARC record with no fail-level error (warnings allowed);
 * - EMPTY / BAD_VERSION ↔ not a DMARC record at all (receivers discard it);
 * - BAD_VALUE / NO_REQUIRED_P ↔ a specific error code.
 * Where we are stricter, the case says so and why.
 */
const lib = JSON.parse(fs.readFileSync(corpus('dmarc/opendmarc/opendmarc-libtests.json'), 'utf8')) as {
  policy_parse: { cases: { record: string; expected: string }[] };
};

const FAIL_CODES = ['dmarc.policy-missing', 'dmarc.policy-invalid', 'dmarc.subdomain-policy-invalid'];

// Our verdict per OpenDMARC case, keyed by record. "okay" = no fail-level error.
const OURS: Record<string, { verdict: 'okay' | 'not-dmarc' | string; warn?: string[]; why?: string }> = {
  // RFC 9989 removed pct, rf and ri: a note (dmarc.removed-tag), never an error, whatever the value.
  'v=DMARC1; p=none; rf=afrf; rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net': { verdict: 'okay', warn: ['dmarc.removed-tag'] },
  'v=DMARC1; p=none;': { verdict: 'okay' },
  'v=DMARC1; p=reject;': { verdict: 'okay' },
  'v=DMARC1; p=quarantine;': { verdict: 'okay' },
  // Stricter: OpenDMARC matches policy prefixes; RFC 7489's ABNF allows only the full words.
  'v=DMARC1; p=n;': { verdict: 'dmarc.policy-invalid', why: 'RFC 7489 §6.4 ABNF: dmarc-request = "none" / "quarantine" / "reject"' },
  '': { verdict: 'not-dmarc' },
  'V=BOB': { verdict: 'not-dmarc' },
  'v=DMARC1; p=bob;': { verdict: 'dmarc.policy-invalid' },
  'v=DMARC1; p=none; sp=bob;': { verdict: 'dmarc.subdomain-policy-invalid' },
  'v=DMARC1; p=none; adkim=bob;': { verdict: 'okay', warn: ['dmarc.tag-invalid'], why: 'an invalid adkim is ignored (default r), RFC 7489 §6.3' },
  'v=DMARC1; p=none; aspf=bob;': { verdict: 'okay', warn: ['dmarc.tag-invalid'] },
  'v=DMARC1; p=none; rf=bob;': { verdict: 'okay', warn: ['dmarc.removed-tag'] },
  'v=DMARC1; p=none; ri=bob;': { verdict: 'okay', warn: ['dmarc.removed-tag'] },
  'v=DMARC1; p=none; pct=500;': { verdict: 'okay', warn: ['dmarc.removed-tag'] },
  'v=DMARC1; pct=100;': { verdict: 'dmarc.policy-missing', warn: ['dmarc.removed-tag'] },
  // OpenDMARC accepts any URI; receivers only send mail, so we warn.
  'v=DMARC1; p=none; rua=ftp://abuse.com': { verdict: 'okay', warn: ['dmarc.uri-not-mailto'] },
  // "mailto://abuse.com" has no address: stricter than OpenDMARC, a warning for the owner.
  'v=DMARC1; p=none; ruf=mailto://abuse.com': { verdict: 'okay', warn: ['dmarc.uri-invalid'] },
  'v=DMARC1; p=none; ruf=mailto://abuse.com; foo=bar; buzz=happy;': { verdict: 'okay', warn: ['dmarc.uri-invalid', 'dmarc.unknown-tag', 'dmarc.unknown-tag'] },
  'v=DMARC1; p=none; rf=000000000000000000000000000000000': { verdict: 'okay', warn: ['dmarc.removed-tag'] },
};

describe('OpenDMARC record-parse verdicts', () => {
  it('covers every case in the corpus', () => {
    expect(lib.policy_parse.cases.map((c) => c.record).sort()).toEqual(Object.keys(OURS).sort());
  });

  for (const c of lib.policy_parse.cases) {
    const ours = OURS[c.record]!;
    it(`${JSON.stringify(c.record)}: OpenDMARC ${c.expected}, ours ${ours.verdict}`, () => {
      if (ours.verdict === 'not-dmarc') {
        expect(isDmarcRecord(c.record)).toBe(false);
        expect(['DMARC_PARSE_ERROR_EMPTY', 'DMARC_PARSE_ERROR_BAD_VERSION']).toContain(c.expected);
        return;
      }
      expect(isDmarcRecord(c.record)).toBe(true);
      const p = parseDmarcRecord(c.record);
      const fails = p.errors.filter((e) => FAIL_CODES.includes(e.code)).map((e) => e.code);
      if (ours.verdict === 'okay') expect(fails).toEqual([]);
      else expect(fails).toEqual([ours.verdict]);
      const warns = [...p.errors.filter((e) => !FAIL_CODES.includes(e.code)).map((e) => e.code), ...p.notes.map((n) => n.code)];
      expect(warns).toEqual(ours.warn ?? []);
      // Where OpenDMARC is more lenient, we are at least as strict: never OKAY for something it rejects.
      if (c.expected !== 'DMARC_PARSE_OKAY') expect(fails.length + warns.length).toBeGreaterThan(0);
    });
  }
});

describe('DMARC record recognition (RFC 7489 §6.6.3 step 3)', () => {
  it('needs v=DMARC1 first: tag name any case, value exact', () => {
    expect(isDmarcRecord('v=DMARC1; p=reject')).toBe(true);
    expect(isDmarcRecord('V=DMARC1; p=reject')).toBe(true);
    expect(isDmarcRecord('v = DMARC1 ; p=reject')).toBe(true);
    expect(isDmarcRecord('v=DMARC1')).toBe(true);
    expect(isDmarcRecord('v=dmarc1; p=reject')).toBe(false);
    expect(isDmarcRecord('v=DMARC1x; p=reject')).toBe(false);
    expect(isDmarcRecord('p=reject; v=DMARC1')).toBe(false);
    expect(isDmarcRecord('v=spf1 -all')).toBe(false);
  });

  it('recognises near-misses worth telling the owner about', () => {
    expect(looksLikeBrokenDmarc('v=dmarc1; p=reject')).toBe(true);
    expect(looksLikeBrokenDmarc('p=reject; v=DMARC1')).toBe(true);
    expect(looksLikeBrokenDmarc('v=DMARC1 p=reject')).toBe(true);
    expect(looksLikeBrokenDmarc('V=BOB')).toBe(false);
    expect(looksLikeBrokenDmarc('google-site-verification=x')).toBe(false);
    expect(looksLikeBrokenDmarc('v=spf1 -all')).toBe(false);
  });
});

describe('DMARC record parser', () => {
  it('reads every tag, case-insensitive names and keywords, whitespace around "="', () => {
    const p = parseDmarcRecord('V=DMARC1; P = Reject; SP=quarantine; np=none; pct=50; adkim=S; aspf=r; rua=mailto:a@x.test!10m, mailto:b@y.test; ruf=mailto:f@x.test; fo=1:d; ri=3600; rf=afrf; psd=n; t=n');
    expect(p.errors).toEqual([]);
    expect(p.record).toMatchObject({ p: 'reject', sp: 'quarantine', np: 'none', pct: 50, adkim: 's', aspf: 'r', fo: ['1', 'd'], ri: 3600, rf: ['afrf'], psd: 'n', t: 'n' });
    expect(p.record.rua.map((u) => [u.address, u.maxSize])).toEqual([['a@x.test', '10m'], ['b@y.test', undefined]]);
  });

  it('keeps the case of report addresses (not ABNF literals)', () => {
    const p = parseDmarcRecord('v=DMARC1; p=none; rua=mailto:DMARC-Reports@Example.COM');
    expect(p.record.rua[0]!.uri).toBe('mailto:DMARC-Reports@Example.COM');
    expect(p.record.rua[0]!.domain).toBe('example.com');
  });

  it('reports malformed pieces, duplicates and typos', () => {
    const p = parseDmarcRecord('v=DMARC1; p=reject; tagonly; =value; p=none; rfu=mailto:x@y.test; fo=2');
    expect(p.errors.map((e) => e.code)).toEqual(['dmarc.syntax', 'dmarc.syntax', 'dmarc.duplicate-tag', 'dmarc.tag-invalid', 'dmarc.unknown-tag']);
    expect(p.errors.find((e) => e.code === 'dmarc.unknown-tag')!.detail).toContain('did you mean ruf=');
    expect(p.record.p).toBe('reject'); // the first value
  });

  it('notes pct and ri as removed (RFC 9989), bad values included, which older receivers ignore', () => {
    // mailauth reads pct=invalid as 0; RFC 7489 §6.3 says to ignore a bad value, so pct stays 100.
    const p = parseDmarcRecord('v=DMARC1; p=reject; pct=invalid; ri=-1');
    expect(p.record.pct).toBe(100);
    expect(p.errors).toEqual([]);
    expect(p.notes.map((e) => [e.code, e.tag])).toEqual([['dmarc.removed-tag', 'pct'], ['dmarc.removed-tag', 'ri']]);
    expect(parseDmarcRecord('v=DMARC1; p=none; rua=mailto:a@x.test!10m').notes.map((n) => n.tag)).toEqual(['rua']);
  });

  it('parses report URIs', () => {
    expect(parseReportUri('mailto:a@b.test!5')).toMatchObject({ address: 'a@b.test', domain: 'b.test', maxSize: '5' });
    expect(parseReportUri('mailto:a%40x@b.test?subject=x')).toMatchObject({ address: 'a@x@b.test', domain: 'b.test' });
    expect(parseReportUri('mailto:a@bücher.example')).toMatchObject({ domain: 'xn--bcher-kva.example' });
    expect(parseReportUri('a@b.test').problem!.code).toBe('dmarc.uri-invalid');
    expect(parseReportUri('https://r.test/dmarc').problem!.code).toBe('dmarc.uri-not-mailto');
    expect(parseReportUri('mailto:a@b.test!10x').problem!.code).toBe('dmarc.uri-invalid');
    expect(parseReportUri('mailto:a@-bad-.test').problem!.code).toBe('dmarc.uri-invalid');
  });
});

describe('DMARC evaluation (pure)', () => {
  const ev = (text: string, source: 'domain' | 'organizational' = 'domain') => evaluateRecord(parseDmarcRecord(text), { domain: source === 'domain' ? 'x.test' : 'sub.x.test', policyDomain: 'x.test', source });

  it('no p: RFC 9989 §4.7 reads p=none; RFC 7489 §6.6.3 step 6 only with a usable rua', () => {
    expect(effectivePolicy(parseDmarcRecord('v=DMARC1; rua=mailto:d@x.test'), 'domain')).toBe('none');
    // Changed for RFC 9989 (was null, the RFC 7489 reading kept below).
    expect(effectivePolicy(parseDmarcRecord('v=DMARC1; adkim=s'), 'domain')).toBe('none');
    expect(effectivePolicy(parseDmarcRecord('v=DMARC1; adkim=s'), 'domain', { reading: 'rfc7489' })).toBeNull();
    // An invalid p= is the same in both: p=none with a usable rua, else nothing.
    expect(effectivePolicy(parseDmarcRecord('v=DMARC1; p=bob'), 'domain')).toBeNull();
  });

  it('uses sp= for an inherited policy, p= otherwise', () => {
    const p = parseDmarcRecord('v=DMARC1; p=reject; sp=none');
    expect(effectivePolicy(p, 'domain')).toBe('reject');
    expect(effectivePolicy(p, 'organizational')).toBe('none');
    expect(ev('v=DMARC1; p=reject; sp=none; rua=mailto:d@x.test').map((f) => f.code)).toEqual(['dmarc.enforced', 'dmarc.subdomain-none']);
    expect(ev('v=DMARC1; p=reject; sp=none; rua=mailto:d@x.test', 'organizational').map((f) => f.code)).toEqual(['dmarc.inherited', 'dmarc.policy-none']);
  });

  it('rebuilds a clean record and raises the policy on request', () => {
    const p = parseDmarcRecord('v=DMARC1; p=none; pct=100; rua=mailto:a@x.test,ftp://y; ruf=mailto:f@x.test; fo=1; ri=86400; foo=bar');
    expect(rebuildRecord(p, 'x.test', { raiseTo: 'quarantine' })).toBe('v=DMARC1; p=quarantine; rua=mailto:a@x.test; ruf=mailto:f@x.test; fo=1');
  });
});
