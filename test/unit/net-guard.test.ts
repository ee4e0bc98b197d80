import { describe, expect, it } from 'vitest';
import { checkTarget } from '@/lib/net/guard';
import { normalizeIp } from '@/lib/dns/ip';

describe('outbound target guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '100.64.0.1', '0.0.0.0', '::ffff:127.0.0.1', '224.0.0.1'])(
    'refuses %s by default',
    (ip) => {
      const v = checkTarget(ip, false);
      expect(v.allowed).toBe(false);
      expect(v.reason).toMatch(/MXRAY_ALLOW_PRIVATE_TARGETS/);
    },
  );
  it.each(['8.8.8.8', '2001:4860:4860::8888', '142.250.1.26'])('allows public %s', (ip) => {
    expect(checkTarget(ip, false).allowed).toBe(true);
  });
  it('allows loopback when configured', () => {
    expect(checkTarget('127.0.0.1', true).allowed).toBe(true);
  });
  it('refuses garbage', () => {
    expect(checkTarget('not-an-ip', true).allowed).toBe(false);
  });
});

describe('addresses that hide another address', () => {
  it.each(['::7f00:1', '::a00:1', '::c0a8:101'])('judges the IPv4-compatible %s by the IPv4 address it embeds', (ip) => {
    const v = checkTarget(ip, false);
    expect(v.allowed).toBe(false);
    expect(v.range).not.toBe('unicast');
    expect(checkTarget(ip, true).allowed).toBe(true);
  });
  it('refuses a zone id even when private targets are allowed', () => {
    expect(checkTarget('fe80::1%eth0', true)).toMatchObject({ allowed: false, reason: expect.stringMatching(/zone id/) });
  });
  it('rejects zone ids and IPv4-compatible addresses typed as a server IP, with a sentence saying why', () => {
    expect(normalizeIp('fe80::1%eth0')).toMatchObject({ ok: false, error: expect.stringMatching(/zone id/) });
    expect(normalizeIp('::7f00:1')).toMatchObject({ ok: false, error: expect.stringMatching(/IPv4-compatible.*127\.0\.0\.1/) });
    expect(normalizeIp('::1')).toMatchObject({ ok: true, ip: '::1' });
    expect(normalizeIp('::ffff:192.0.2.1')).toMatchObject({ ok: true, ip: '192.0.2.1', version: 4 });
  });
});
