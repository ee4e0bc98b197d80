import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitTxt, zoneText } from '@/lib/checks/spf/suggest';
import { inNetwork, ipNibbles } from '@/lib/checks/spf/cidr';

describe('suggested SPF records', () => {
  it('splits long records after spaces into strings of at most 255 bytes that join back', () => {
    const value = `v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:198.51.100.${i}`).join(' ')} -all`;
    const strings = splitTxt(value);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.join('')).toBe(value);
    expect(strings.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
    // Each split falls after a space, never inside a term.
    expect(strings.slice(0, -1).every((s) => s.endsWith(' '))).toBe(true);
    expect(splitTxt('v=spf1 -all')).toEqual(['v=spf1 -all']);
    expect(zoneText(['a "b"', 'c'])).toBe('"a \\"b\\"" "c"');
  });

  it('splitTxt always round-trips and respects the limit (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (s) => {
        const parts = splitTxt(s);
        return parts.join('') === s && parts.every((p) => Buffer.byteLength(p) <= 255);
      }),
    );
  });
});

describe('CIDR matching', () => {
  it('matches IPv4 and IPv6 prefixes and never across families', () => {
    expect(inNetwork('192.0.2.77', '192.0.2.0', 24)).toBe(true);
    expect(inNetwork('192.0.3.1', '192.0.2.0', 24)).toBe(false);
    expect(inNetwork('203.0.113.9', '1.1.1.1', 0)).toBe(true);
    expect(inNetwork('2001:db8:1234::cafe:babe', '2001:db8:1234::dead:beef', 64)).toBe(true);
    expect(inNetwork('2001:db8:1235::1', '2001:db8:1234::', 64)).toBe(false);
    expect(inNetwork('1.2.3.4', '::ffff:1.2.3.4', 128)).toBe(false);
  });

  it('writes %{i} of an IPv6 address as dotted nibbles', () => {
    expect(ipNibbles('2001:db8::cb01')).toBe('2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.C.B.0.1');
  });
});
