import { describe, expect, it } from 'vitest';
import { checkTarget } from '@/lib/net/guard';

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
