/**
 * Authentication-Results parsing (RFC 8601 §2.2).
 * Corpora (read at test time from ../shared/corpora/authres, origin noted in its SOURCES.md):
 * - go-msgauth-authres-parse.json: emersion/go-msgauth @ 704519ef (MIT), RFC 8601 Appendix B style cases
 * - mail-authenticationresults-provider-samples.json: marcbradshaw/Mail-AuthenticationResults @ f31eefac
 *   (Perl_5), real Gmail/Outlook/Yahoo/AOL/iCloud/Fastmail/Mail.ru/Yandex headers
 * - microsoft-eop-authentication-results-reference.json: MicrosoftDocs (CC-BY-4.0) EOP examples
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuthResults, tokenize } from '@/lib/message/authres';
import { CORPORA } from '../support/corpora';

const corpora = CORPORA;
const load = (p: string) => JSON.parse(readFileSync(path.join(corpora, p), 'utf8'));

const GO_TYPES: Record<string, string> = { SPFResult: 'spf', DKIMResult: 'dkim', AuthResult: 'auth', SenderIDResult: 'sender-id' };
const GO_VALUES: Record<string, string> = { ResultPass: 'pass', ResultFail: 'fail', ResultNone: 'none', ResultHardFail: 'hardfail' };

describe('go-msgauth parse cases', () => {
  const { cases } = load('authres/go-msgauth-authres-parse.json') as { cases: { value: string; expected_authserv_id: string; expected_results: Record<string, string>[] }[] };
  for (const c of cases) {
    it(`parses ${JSON.stringify(c.value).slice(0, 70)}`, () => {
      const ar = parseAuthResults(c.value);
      expect(ar.authservId ?? '').toBe(c.expected_authserv_id);
      // go-msgauth drops "none" method results only for the no-result form; we keep every resinfo.
      expect(ar.results.map((r) => r.method)).toEqual(c.expected_results.map((e) => GO_TYPES[e.type!]));
      c.expected_results.forEach((e, i) => {
        const r = ar.results[i]!;
        expect(r.result).toBe(GO_VALUES[e.Value!]);
        if (e.Reason) expect(r.reason).toBe(e.Reason);
        if (e.From) expect(r.props['smtp.mailfrom']).toBe(e.From);
        if (e.Identifier) expect(r.props['header.i']).toBe(e.Identifier);
        if (e.Auth) expect(r.props['smtp.auth']).toBe(e.Auth);
        if (e.HeaderKey) expect(r.props[`header.${e.HeaderKey}`]).toBe(e.HeaderValue);
      });
    });
  }
  it('reads "none" (no method applied) and the optional version', () => {
    expect(parseAuthResults('example.com 1; none')).toMatchObject({ authservId: 'example.com', version: '1', none: true, results: [] });
  });
});

describe('real provider headers (Mail-AuthenticationResults samples)', () => {
  const { cases } = load('authres/mail-authenticationresults-provider-samples.json') as { cases: { provider: string; headers: string[]; assertions_perl: string[] }[] };
  for (const c of cases) {
    it(`${c.provider}: authserv-id and the asserted results`, () => {
      const parsed = c.headers.map((h) => parseAuthResults(h.replace(/^Authentication-Results:\s*/i, '')));
      const results = parsed.flatMap((p) => p.results);
      for (const a of c.assertions_perl) {
        const serv = /value\(\)->value\(\), '([^']+)', 'ServID'/.exec(a);
        if (serv) expect(parsed[0]!.authservId).toBe(serv[1]);
        const count = /search\(\{ 'key'=>'(\w+)','value'=>'(\w+)' \}\)(?:->search\(\{ 'key'=>'([\w.]+)','value'=>'([^']+)' \}\))?->children\(\) \}, (\d+)/.exec(a);
        if (count) {
          const [, method, result, prop, propValue, n] = count;
          const hits = results.filter((r) => r.method === method && r.result === result && (!prop || r.props[prop!] === propValue));
          expect(hits.length, a).toBe(Number(n));
        }
      }
    });
  }
  it('Outlook without a leading authserv-id: results still read, the id found after the first resinfo', () => {
    const ar = parseAuthResults('spf=pass (sender IP is 66.111.4.222) smtp.mailfrom=fastmail.com; outlook.com; dkim=pass (signature was verified) header.d=fastmail.com;outlook.com; dmarc=pass action=none header.from=fastmail.com;');
    expect(ar.authservId).toBe('outlook.com');
    expect(ar.results.map((r) => `${r.method}=${r.result}`)).toEqual(['spf=pass', 'dkim=pass', 'dmarc=pass']);
    expect(ar.results[0]!.comments).toEqual(['sender IP is 66.111.4.222']);
    expect(ar.results[2]!.props.action).toBe('none');
  });
});

describe('Microsoft EOP reference examples', () => {
  const ref = load('authres/microsoft-eop-authentication-results-reference.json') as { examples_quoted: string[] };
  for (const ex of ref.examples_quoted) {
    it(`reads ${ex}`, () => {
      const ar = parseAuthResults(ex);
      expect(ar.authservId).toBeUndefined();
      const [method, rest] = ex.split('=');
      expect(ar.results[0]!.method).toBe(method);
      expect(ar.results[0]!.result).toBe(rest!.split(/[ (]/)[0]);
    });
  }
  it('reads compauth with its reason code', () => {
    const ar = parseAuthResults('spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=contoso.com; dkim=pass (signature was verified) header.d=contoso.com;dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100');
    expect(ar.results.find((r) => r.method === 'compauth')).toMatchObject({ result: 'pass', reason: '100' });
  });
});

describe('RFC 8601 syntax corners', () => {
  it('nested comments, quoted strings, quoted-pairs and method versions', () => {
    const ar = parseAuthResults('mx.example.org (a (nested) comment); dkim/1=pass (good (very) "sig") header.d="ex;ample.com" header.b=ab+c/d=; spf=fail reason="not \\"listed\\"" smtp.mailfrom=a+b=c@example.com');
    expect(ar.authservId).toBe('mx.example.org');
    expect(ar.results[0]).toMatchObject({ method: 'dkim', result: 'pass', props: { 'header.d': 'ex;ample.com', 'header.b': 'ab+c/d=' } });
    expect(ar.results[0]!.comments[0]).toBe('good (very) "sig"');
    expect(ar.results[1]).toMatchObject({ method: 'spf', result: 'fail', reason: 'not "listed"', props: { 'smtp.mailfrom': 'a+b=c@example.com' } });
  });
  it('Yahoo: "dmarc=pass(p=…)" with no space before the comment', () => {
    const ar = parseAuthResults('atlas.yahoo.example; dmarc=pass(p=QUARANTINE,sp=QUARANTINE) header.from=example.com;');
    expect(ar.results[0]).toMatchObject({ method: 'dmarc', result: 'pass', comments: ['p=QUARANTINE,sp=QUARANTINE'] });
  });
  it('malformed input gives partial results, not an exception', () => {
    for (const bad of ['', ';;;', '(((', '"unterminated', '= = =', 'x; dkim=', 'x; =pass', 'x; dkim pass', ')))(', '\u0000\uffff']) {
      expect(() => parseAuthResults(bad)).not.toThrow();
    }
    expect(parseAuthResults('x; dkim=').results).toEqual([]);
  });
});

describe('property: the parser never throws and stays linear', () => {
  it('arbitrary strings and AR-like token soups', () => {
    const soup = fc.array(fc.constantFrom('a', 'mx.example', ';', '=', '(', ')', '"', '\\', ' ', '\r\n ', 'dkim', 'pass', 'header.d', '.', '@', '/'), { maxLength: 200 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 }), soup), (s) => {
        const ar = parseAuthResults(s);
        expect(Array.isArray(ar.results)).toBe(true);
        for (const r of ar.results) expect(typeof r.method).toBe('string');
      }),
      { numRuns: 600 },
    );
  });
  it('a 1 MB value with 100k open comments parses in bounded time', () => {
    const t0 = Date.now();
    parseAuthResults('x; ' + '('.repeat(100_000) + 'dkim=pass '.repeat(50_000));
    tokenize('"'.repeat(500_000));
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
