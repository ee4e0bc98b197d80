import { describe, expect, it } from 'vitest';
import { isSpfRecord, parseRecord } from '@/lib/checks/spf/parse';
import { expandTokens, parseDomainSpec, parseMacroString, truncateDomain } from '@/lib/checks/spf/macro';
import type { Mechanism } from '@/lib/checks/spf/types';

const errorsOf = (text: string) => parseRecord(text).errors;
const mech = (text: string, i = 0) => parseRecord(text).terms[i] as Mechanism;

describe('SPF record selection (RFC 7208 §4.5)', () => {
  it('needs v=spf1 followed by a space or the end, in any case', () => {
    expect(isSpfRecord('v=spf1 -all')).toBe(true);
    expect(isSpfRecord('V=SpF1')).toBe(true);
    expect(isSpfRecord('v=spf10')).toBe(false);
    expect(isSpfRecord('v=spf1mx')).toBe(false);
    expect(isSpfRecord(' v=spf1 -all')).toBe(false);
  });
});

describe('SPF parser: well-formed records', () => {
  it('types mechanisms with qualifiers, CIDRs and domains', () => {
    const r = parseRecord('v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -a:mail.example.com/28//64 ~mx ?include:_spf.example.com exists:%{i}.bl.example.com ptr -all');
    expect(r.errors).toEqual([]);
    expect(r.terms.map((t) => (t.type === 'mechanism' ? `${t.qualifier}${t.kind}` : t.name))).toEqual(['+ip4', '+ip6', '-a', '~mx', '?include', '+exists', '+ptr', '-all']);
    expect(mech(r.text, 0)).toMatchObject({ network: '192.0.2.0', cidr4: 24, position: 7 });
    expect(mech(r.text, 1)).toMatchObject({ network: '2001:db8::', cidr6: 32 });
    expect(mech(r.text, 2)).toMatchObject({ domainSpec: 'mail.example.com', cidr4: 28, cidr6: 64 });
  });

  it('keeps modifiers apart: redirect, exp and unknown ones', () => {
    const r = parseRecord('v=spf1 mx redirect=_spf.example.com exp=why.%{d} moo.cow-far_out=man:dog/cat');
    expect(r.errors).toEqual([]);
    expect(r.redirect?.value).toBe('_spf.example.com');
    expect(r.exp?.value).toBe('why.%{d}');
    expect(r.terms[3]).toMatchObject({ type: 'modifier', name: 'moo.cow-far_out', value: 'man:dog/cat' });
  });

  it('accepts several spaces between terms and trailing spaces', () => {
    expect(errorsOf('v=spf1 a  -all ')).toEqual([]);
    expect(parseRecord('v=spf1').terms).toEqual([]);
  });

  it('accepts a colon and slash inside a domain and a dashed top label', () => {
    expect(mech('v=spf1 a:foo:bar/baz.example.com').domainSpec).toBe('foo:bar/baz.example.com');
    expect(errorsOf('v=spf1 a:foo.example.xn--zckzah -all')).toEqual([]);
  });
});

describe('SPF parser: malformed records give positioned errors', () => {
  const cases: [string, string, RegExp][] = [
    ['v=spf1 ip4:1.2.3.4 -all moo', 'moo', /not an SPF mechanism/],
    ['v=spf1 redirect:example.com', 'redirect:example.com', /modifier and is written "redirect="/],
    ['v=spf1 -all.', '-all.', /takes no argument/],
    ['v=spf1 -all/8', '-all/8', /takes no argument/],
    ['v=spf1 ip4:1.2.3.4/33', 'ip4:1.2.3.4/33', /at most 32/],
    ['v=spf1 ip4:1.2.3.4/032', 'ip4:1.2.3.4/032', /expected ip4/],
    ['v=spf1 ip4:1.2.3', 'ip4:1.2.3', /expected ip4/],
    ['v=spf1 ip4:1.2.3.4:8080', 'ip4:1.2.3.4:8080', /expected ip4/],
    ['v=spf1 ip4:192.0.2.300', 'ip4:192.0.2.300', /expected ip4/],
    ['v=spf1 ip4:01.2.3.4', 'ip4:01.2.3.4', /expected ip4/],
    ['v=spf1 ip6::CAFE::BABE', 'ip6::CAFE::BABE', /expected ip6/],
    ['v=spf1 ip6:::1/129', 'ip6:::1/129', /at most 128/],
    ['v=spf1 a/24/64', 'a/24/64', /expected "a:domain"/],
    ['v=spf1 a//129', 'a//129', /at most 128/],
    ['v=spf1 a:', 'a:', /missing/],
    ['v=spf1 a:museum', 'a:museum', /not a fully qualified/],
    ['v=spf1 a:abc.123', 'a:abc.123', /not a valid top-level label/],
    ['v=spf1 a:111.222.33.44', 'a:111.222.33.44', /is an IP address; write ip4:111.222.33.44/],
    ['v=spf1 include', 'include', /needs a domain/],
    ['v=spf1 include:example.com/24', 'include:example.com/24', /no prefix length/],
    ['v=spf1 exists:', 'exists:', /needs a domain/],
    ['v=spf1 ptr/0', 'ptr/0', /no prefix length/],
    ['v=spf1 =all', '=all', /neither a mechanism nor a modifier/],
    ['v=spf1 1up=foo', '1up=foo', /not an SPF mechanism/],
    ['v=spf1 exp=', 'exp=', /needs a domain/],
    ['v=spf1 redirect=-all', 'redirect=-all', /not a fully qualified/],
    ['v=spf1 foo=%abc', 'foo=%abc', /must be followed by/],
    ['v=spf1 exists:%(ir).sbl.example.com', 'exists:%(ir).sbl.example.com', /must be followed by/],
    ['v=spf1 exists:%{ir.sbl.example.com', 'exists:%{ir.sbl.example.com', /never closed/],
    ['v=spf1 a:%{a}.example.com', 'a:%{a}.example.com', /unknown macro letter/],
    ['v=spf1 exists:%{d0}.example.com', 'exists:%{d0}.example.com', /at least 1/],
    ['v=spf1 exists:%{r}.example.com', 'exists:%{r}.example.com', /only in explanation/],
    ['v=spf1 a:%{d!}.example.com', 'a:%{d!}.example.com', /not a macro delimiter/],
  ];
  for (const [record, term, message] of cases) {
    it(`rejects "${term}"`, () => {
      const errors = errorsOf(record);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.term).toBe(term);
      expect(errors[0]!.position).toBe(record.indexOf(term));
      expect(errors[0]!.message).toMatch(message);
    });
  }

  it('rejects control and non-ASCII characters inside a term', () => {
    expect(errorsOf('v=spf1 a:ctrl.example.com\rptr -all')[0]!.message).toMatch(/U\+000D/);
    expect(errorsOf('v=spf1 a:example.net \u0096all')[0]!.message).toMatch(/U\+0096/);
    expect(errorsOf('v=spf1 ip4:192.0.2.5\n include:x.example.com ~all')[0]!.term).toBe('ip4:192.0.2.5\n');
  });

  it('rejects a second redirect= or exp=', () => {
    const e = errorsOf('v=spf1 redirect=a.example.com -all redirect=b.example.com');
    expect(e).toHaveLength(1);
    expect(e[0]!.position).toBe(35);
    expect(errorsOf('v=spf1 exp=a.example.com exp=b.example.com')[0]!.message).toMatch(/more than once/);
  });

  it('collects every error, not just the first', () => {
    expect(errorsOf('v=spf1 foo bar:baz ip4:1.1.1.1/40 -all').map((e) => e.term)).toEqual(['foo', 'bar:baz', 'ip4:1.1.1.1/40']);
  });

  it('does not throw on garbage', () => {
    for (const s of ['v=spf1 %', 'v=spf1 :', 'v=spf1 +', 'v=spf1 ~~all', 'v=spf1 a:%{', 'v=spf1 ' + 'x'.repeat(5000), 'not spf']) {
      expect(() => parseRecord(s)).not.toThrow();
      expect(parseRecord(s).errors.length).toBeGreaterThan(0);
    }
  });
});

describe('SPF macros (RFC 7208 §7)', () => {
  const values = { s: 'strong-bad@email.example.com', l: 'strong-bad', o: 'email.example.com', d: 'email.example.com', i: '192.0.2.3', v: 'in-addr', h: 'mx.example.org', c: '192.0.2.3', r: 'unknown', t: '0' };
  const expand = (s: string, explain = false) => {
    const p = explain ? parseMacroString(s, true) : parseDomainSpec(s);
    if (!p.ok) throw new Error(p.message);
    return expandTokens(p.tokens, values);
  };

  it('expands the RFC 7208 §7.4 examples', () => {
    expect(expand('%{s}')).toBe('strong-bad@email.example.com');
    expect(expand('%{d4}')).toBe('email.example.com');
    expect(expand('%{d2}')).toBe('example.com');
    expect(expand('%{d1}')).toBe('com');
    expect(expand('%{dr}')).toBe('com.example.email');
    expect(expand('%{d2r}')).toBe('example.email');
    expect(expand('%{l}')).toBe('strong-bad');
    expect(expand('%{l-}')).toBe('strong.bad');
    expect(expand('%{lr}')).toBe('strong-bad');
    expect(expand('%{lr-}')).toBe('bad.strong');
    expect(expand('%{l1r-}')).toBe('strong');
    expect(expand('%{ir}.%{v}._spf.%{d2}')).toBe('3.2.0.192.in-addr._spf.example.com');
    expect(expand('%{lr-}.lp._spf.%{d2}')).toBe('bad.strong.lp._spf.example.com');
  });

  it('URL-escapes upper-case macros and expands %% %_ %-', () => {
    expect(expand('%{L}.example.com')).toBe('strong-bad.example.com');
    expect(expand('http://e.com/%{S}', true)).toBe('http://e.com/strong-bad%40email.example.com');
    expect(expand('a%%b%_c%-d.example.com')).toBe('a%b c%20d.example.com');
  });

  it('truncates expanded names over 253 characters from the left', () => {
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`;
    expect(truncateDomain(long)).toBe(`${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`);
    expect(truncateDomain('example.com.')).toBe('example.com');
  });

  it('allows spaces and c/r/t only in explanation text', () => {
    expect(parseMacroString('%{c} is not allowed', true).ok).toBe(true);
    expect(parseMacroString('%{c} is not allowed').ok).toBe(false);
  });
});
