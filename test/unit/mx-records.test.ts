import { describe, expect, it } from 'vitest';
import { hostProblems, type AddressLookup } from '@/lib/checks/mx/evaluate';
import { classifyExchange, parseMxRecords, spfSaysSending } from '@/lib/checks/mx/records';

const look = (outcome: AddressLookup['outcome'], addresses: string[] = [], cnames: string[] = []): AddressLookup => ({ outcome, addresses, cnames });

describe('MX record parsing', () => {
  it('orders records by preference, then name, as senders try them', () => {
    const s = parseMxRecords([{ exchange: 'b.example.com', priority: 20 }, { exchange: 'C.example.com.', priority: 10 }, { exchange: 'a.example.com', priority: 10 }]);
    expect(s.entries.map((e) => `${e.priority} ${e.exchange}`)).toEqual(['10 a.example.com', '10 c.example.com', '20 b.example.com']);
    expect(s.nullMx).toBe(false);
  });

  it('recognises a null MX (RFC 7505) and a null MX mixed with others', () => {
    expect(parseMxRecords([{ exchange: '', priority: 0 }])).toMatchObject({ nullMx: true, nullMixed: false });
    expect(parseMxRecords([{ exchange: '.', priority: 0 }])).toMatchObject({ nullMx: true });
    expect(parseMxRecords([{ exchange: '', priority: 0 }, { exchange: 'mx.example.com', priority: 10 }])).toMatchObject({ nullMx: false, nullMixed: true });
  });

  it.each([
    ['mx.example.com', 'host'],
    ['192.0.2.1', 'ip-literal'],
    ['[192.0.2.1]', 'ip-literal'],
    ['2001:db8::1', 'ip-literal'],
    ['.', 'null'],
    ['a..b', 'invalid'],
  ])('classifies the exchange %s as %s', (exchange, kind) => {
    expect(classifyExchange(exchange)).toBe(kind);
  });

  it('decides from SPF whether a domain sends mail', () => {
    expect(spfSaysSending([['v=spf1 -all']])).toBe(false);
    expect(spfSaysSending([['v=spf1  -all ']])).toBe(false);
    expect(spfSaysSending([['google-site-verification=x']])).toBe(false);
    expect(spfSaysSending([['v=spf1 include:_spf.example.net ', '-all']])).toBe(true);
    expect(spfSaysSending([['v=spf1 mx ~all']])).toBe(true);
  });
});

describe('MX host problems', () => {
  it('flags aliases, missing addresses, IPv6-only hosts and lookup errors', () => {
    expect(hostProblems('host', { A: look('NOERROR', ['192.0.2.1']), AAAA: look('NODATA') })).toEqual([]);
    expect(hostProblems('host', { A: look('NOERROR', ['192.0.2.1'], ['real.example.com']), AAAA: look('NODATA', [], ['real.example.com']) })).toEqual(['cname']);
    expect(hostProblems('host', { A: look('NXDOMAIN'), AAAA: look('NXDOMAIN') })).toEqual(['no-address']);
    expect(hostProblems('host', { A: look('NODATA'), AAAA: look('NOERROR', ['2001:db8::1']) })).toEqual(['ipv6-only']);
    expect(hostProblems('host', { A: look('TIMEOUT'), AAAA: look('NOERROR', ['2001:db8::1']) })).toEqual(['lookup-error']);
    expect(hostProblems('host', { A: look('SERVFAIL'), AAAA: look('NODATA') })).toEqual(['lookup-error']);
    expect(hostProblems('ip-literal', undefined)).toEqual(['ip-literal']);
  });
});
