import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const cli = (...argv: string[]) => runCli('smtp-probe', ...argv);

describe('mxray smtp-probe with bad input', () => {
  it.each([
    ['exa..mple.com', /^mxray smtp-probe: "exa\.\.mple\.com" has an empty label \(two dots in a row\)\.$/m],
    ['[::1', /^mxray smtp-probe: "\[::1": write an IPv6 address as \[address\] or \[address\]:port$/m],
    ['mx.example.com:0', /^mxray smtp-probe: "mx\.example\.com:0": bad port$/m],
  ])('refuses %s with exit 2 and one sentence, before any lookup', async (host, message) => {
    const r = await cli(host);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});

describe('mxray smtp-probe to an address it must not connect to', () => {
  it.each(['127.0.0.1', '10.0.0.1', '[::1]', '[::7f00:1]', '[fe80::1%eth0]'])('refuses %s with exit 2 and one sentence', async (host) => {
    const r = await runCli('smtp-probe', host);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^mxray smtp-probe: .*(MXRAY_ALLOW_PRIVATE_TARGETS|zone id|not an IP address)/);
    expect(r.out).toBe('');
  });
});
