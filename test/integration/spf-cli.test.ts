import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { runCli, setEnv } from '../support/cli';
import { spfZone } from '../fixtures/zones/spf';

let dns: TestDnsServer;
let restoreEnv: () => void;

beforeAll(async () => {
  dns = await new TestDnsServer({ zone: spfZone }).start();
  restoreEnv = setEnv({ MXRAY_DNS_SERVERS: dns.address, MXRAY_DNS_TIMEOUT_MS: '2000', MXRAY_DNS_RETRIES: '0' });
});
afterAll(async () => {
  restoreEnv();
  await dns.stop();
});

const cli = (...argv: string[]) => runCli('spf', ...argv);

describe('mxray spf', () => {
  it('prints JSON with the verdict, the tree and the DNS query count; exit 0 on pass', async () => {
    const r = await cli('auth.spf.test', '--ip', '192.0.2.4', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.result).toBe('pass');
    expect(j.tree.domain).toBe('auth.spf.test');
    expect(j.lookups).toEqual({ limit: 10, count: 1, void: 0, voidLimit: 2 });
    expect(j.dns.queries).toBeGreaterThan(0);
  });

  it('exits 1 when the IP is not authorised and prints the record to publish', async () => {
    const r = await cli('auth.spf.test', '--ip', '203.0.113.9', '--sender', 'news@auth.spf.test', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.result).toBe('softfail');
    expect(j.fix.records[0].value).toBe('v=spf1 ip4:192.0.2.0/24 mx ip4:203.0.113.9 ~all');
  });

  it('draws the tree with lookup counts and exits 1 on permerror', async () => {
    const r = await cli('eleven.spf.test', '--ip', '192.0.2.99');
    expect(r.code).toBe(1);
    expect(r.out).toContain('→ PERMERROR');
    expect(r.out).toContain('eleven.spf.test  [3 lookups, 11 with includes]');
    expect(r.out).toMatch(/├─ include:n1\.spf\.test {2}\[3 lookups, 3 with includes\]/);
    expect(r.out).toMatch(/\d+ DNS queries to 127\.0\.0\.1:\d+/);
  });

  it('prints a suggested record over 255 bytes as quoted strings', async () => {
    const r = await cli('long.spf.test', '--ip', '2001:db8::9');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/as 2 strings: "v=spf1 ip4:198\.51\.100\.10 [^"]+ " "ip4:[^"]+ ip6:2001:db8::9 ~all"/);
  });

  it('exits 0 on temperror: "could not test" is not a failure', async () => {
    const r = await cli('servfail.spf.test', '--ip', '192.0.2.4', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'temperror', status: 'error' });
  });

  it('shows the exp= explanation of a fail', async () => {
    dns.set('exp.spf.test', { TXT: ['v=spf1 -all exp=why.spf.test'] });
    dns.set('why.spf.test', { TXT: ['%{i} may not send for %{d}'] });
    const r = await cli('exp.spf.test', '--ip', '192.0.2.4', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).explanation).toBe('192.0.2.4 may not send for exp.spf.test');
  });

  it('rejects bad input with exit 2 and a specific message', async () => {
    const badIp = await cli('auth.spf.test', '--ip', '192.0.2.300');
    expect(badIp.code).toBe(2);
    expect(badIp.err).toContain('not a valid IPv4 address');
    const badDomain = await cli('https://auth.spf.test/', '--ip', '192.0.2.4');
    expect(badDomain.code).toBe(2);
    expect(badDomain.err).toContain('not a domain name');
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toContain('usage: mxray spf <domain>');
    const badSender = await cli('auth.spf.test', '--ip', '192.0.2.4', '--sender', 'nobody');
    expect(badSender.code).toBe(2);
    expect(badSender.err).toContain('not an email address');
    const unknown = await cli('auth.spf.test', '--bogus');
    expect(unknown.code).toBe(2);
  });

  it('gives "none" with a one-line note for envelope names RFC 7208 §4.3 cannot check, not exit 2', async () => {
    const literal = await cli('--ip', '1.2.3.5', '--helo', '[1.2.3.5]', '--sender', '');
    expect(literal.code).toBe(0);
    expect(literal.err).toBe('');
    expect(literal.out).toContain('mxray spf [1.2.3.5] — 1.2.3.5 → NONE');
    expect(literal.out).toContain('note: RFC 7208 §4.3: "[1.2.3.5]" is an address literal, not a domain name');
    const dotless = JSON.parse((await cli('A2345678', '--ip', '1.2.3.5', '--helo', 'A2345678', '--sender', '', '--json')).out);
    expect(dotless).toMatchObject({ domain: 'a2345678', result: 'none', note: expect.stringContaining('not a fully qualified domain name') });
    const sender = JSON.parse((await cli('--ip', '1.2.3.5', '--helo', 'OEMCOMPUTER', '--sender', 'foo@[1.2.3.5]', '--json')).out);
    expect(sender).toMatchObject({ domain: '[1.2.3.5]', result: 'none' });
    // A real domain keeps no note.
    expect(JSON.parse((await cli('auth.spf.test', '--ip', '192.0.2.4', '--json')).out).note).toBeNull();
  });

  it('keeps clear errors for input that is not a name at all', async () => {
    for (const bad of ['https://auth.spf.test/', 'two words.example', 'a@b@c', '192.0.2.4']) {
      const r = await cli(bad, '--ip', '192.0.2.4');
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toMatch(/not a domain name|IP address/);
    }
    const noIp = await cli('[1.2.3.5]');
    expect(noIp.code).toBe(2);
    expect(noIp.err).toContain('give --ip');
    const nothing = await cli('--ip', '1.2.3.5');
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('expected a domain');
    const ctl = await cli('auth.spf.test', '--ip', '192.0.2.4', '--helo', 'a\u0000b');
    expect(ctl.code).toBe(2);
    expect(ctl.err).toContain('is not a HELO name');
  });
});
