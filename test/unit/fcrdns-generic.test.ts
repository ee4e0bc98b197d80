import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inDomain } from '@/lib/checks/fcrdns/evaluate';
import { genericPtr } from '@/lib/checks/fcrdns/generic';

describe('generic-looking PTR heuristic', () => {
  it.each([
    ['203-0-113-7.dynamic.isp.example', '203.0.113.7', /IP address \(203-0-113-7\)/],
    ['c-203-0-113-7.hsd1.ca.comcast.net', '203.0.113.7', /IP address/],
    ['ec2-203-0-113-7.compute-1.amazonaws.com', '203.0.113.7', /IP address/],
    ['203.0.113.7.static.isp.example', '203.0.113.7', /IP address/],
    ['7.113.0.203.in-addr.example.net', '203.0.113.7', /reversed \(7\.113\.0\.203\)/],
    ['static.7.113.0.203.clients.your-server.de', '203.0.113.7', /reversed/],
    ['pool-0-113-7.isp.example', '203.0.113.7', /part of the IP address/],
    ['host203000113007.isp.example', '203.0.113.7', /zero-padded/],
    ['cb007107.isp.example', '203.0.113.7', /hex \(cb007107\)/],
    ['ip3405803783.isp.example', '203.0.113.7', /as a number/],
    ['dsl092-ppp.isp.example', '198.51.100.9', /"dsl"/],
    ['abc.dyn.isp.example', '198.51.100.9', /"dyn"/],
    ['x99.pool.isp.example', '198.51.100.9', /"pool"/],
    ['cust-44.dhcp.isp.example', '198.51.100.9', /"cust"|"dhcp"/],
    ['broadband12.cable.isp.example', '198.51.100.9', /"broadband"|"cable"/],
    ['static-ip-41.isp.example', '198.51.100.9', /"static" next to a number|"ip" next to a number/],
    ['vps12345.hoster.example', '198.51.100.9', /"vps" next to a number/],
    ['2001-db8-0-0-0-0-0-25.isp.example', '2001:db8::25', /IPv6 address groups/],
    ['5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.isp.example', '2001:db8::25', /reversed nibbles/],
    ['20010db8000000000000000000000025.isp.example', '2001:db8::25', /contains the IPv6 address/],
    ['host-a1b2c3d4e5f60718.isp.example', '2001:db8::a1b2:c3d4:e5f6:718', /interface identifier/],
  ])('flags %s (for %s)', (name, ip, reason) => {
    const v = genericPtr(name, ip);
    expect(v.generic).toBe(true);
    expect(v.reasons.join('; ')).toMatch(reason);
  });

  it.each([
    ['mail.example.com', '203.0.113.7'],
    ['mx1.cable-company.example', '203.0.113.7'], // the word is in the registered domain, not the host part
    ['smtp-out-2.example.com', '203.0.113.7'],
    ['mail-yw1-f170.google.com', '209.85.128.170'], // a single octet is not enough
    ['o1.email.sendgrid.net', '198.51.100.9'],
    ['mail6.example.com', '2001:db8::25'],
    ['ip6.example.com', '2001:db8::25'],
    ['node1.example.com', '198.51.100.9'],
    ['outbound.pool.example', '198.51.100.9'], // "pool" is the registered domain here
  ])('accepts %s (for %s)', (name, ip) => {
    expect(genericPtr(name, ip)).toEqual({ generic: false, reasons: [] });
  });

  it('always flags a name built from the dashed IPv4 address', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.constantFrom('isp.example', 'dsl.example.net'), (ip, zone) => {
        expect(genericPtr(`${ip.replace(/\./g, '-')}.${zone}`, ip).generic).toBe(true);
        expect(genericPtr(`${ip.split('.').reverse().join('.')}.${zone}`, ip).generic).toBe(true);
      }),
    );
  });
});

describe('PTR name in the checked domain', () => {
  it('compares registered domains', () => {
    expect(inDomain('mail.example.com', 'example.com')).toBe(true);
    expect(inDomain('mail.example.com', 'news.example.com')).toBe(true);
    expect(inDomain('mail.example.co.uk', 'example.co.uk')).toBe(true);
    expect(inDomain('out1.provider.example', 'example.com')).toBe(false);
    expect(inDomain('other.co.uk', 'example.co.uk')).toBe(false);
  });
});
