import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDkim, type DkimData } from '@/lib/checks/dkim';
import { DEFAULT_SELECTORS } from '@/lib/checks/dkim/selectors';
import type { CheckContext, CheckResult } from '@/lib/checks/types';
import { parseServerList, type DnsConfig } from '@/lib/dns';
import { createCheckContext } from '@/lib/report/context';
import { TestDnsServer } from '../support/dns-server';
import { DKIM_DOMAIN, dkimZone } from '../fixtures/zones/dkim';

// The DKIM check end to end: real dns2 server on loopback, real resolver (UDP, TCP fallback, CNAMEs).
let dns: TestDnsServer;
beforeAll(async () => {
  dns = await new TestDnsServer({ zone: dkimZone }).start();
});
afterAll(() => dns.stop());

function ctx(over: Partial<DnsConfig> = {}, limits: Partial<CheckContext['limits']> = {}): CheckContext {
  const config: DnsConfig = { servers: parseServerList(dns.address), timeoutMs: 2000, retries: 0, cacheMaxTtlSec: 60, ...over };
  return createCheckContext({ dns: config, cache: null, limits });
}

async function one(selector: string, c = ctx()): Promise<CheckResult<DkimData>> {
  return checkDkim(c, { domain: DKIM_DOMAIN, selectors: [selector] });
}
const codes = (r: CheckResult) => r.findings.map((f) => f.code);

describe('DKIM check, given selectors', () => {
  it('measures RSA key lengths: 512 fails, 1024 warns, 2048 passes, 4096 passes', async () => {
    const r512 = await one('rsa512');
    expect(r512.status).toBe('fail');
    expect(r512.data!.selectors[0]).toMatchObject({ outcome: 'found', keyType: 'rsa', bits: 512 });
    expect(codes(r512)).toContain('dkim.rsa-too-short');
    expect(r512.fix!.records[0]!.value).toBe('v=DKIM1; k=rsa; p=<public key from rsa512.txt>');

    const r1024 = await one('rsa1024');
    expect(r1024.status).toBe('warn');
    expect(r1024.data!.selectors[0]!.bits).toBe(1024);
    expect(codes(r1024)).toContain('dkim.rsa-short');

    const r2048 = await one('rsa2048');
    expect(r2048.status).toBe('pass');
    expect(r2048.data!.selectors[0]!.bits).toBe(2048);
    expect(r2048.fix).toBeUndefined();
  });

  it('reads a 4096-bit key that only fits over TCP (the trace shows udp→tcp)', async () => {
    const c = ctx();
    const r = await one('rsa4096', c);
    expect(r.status).toBe('pass');
    expect(r.data!.selectors[0]).toMatchObject({ keyType: 'rsa', bits: 4096 });
    const q = c.dns.trace.find((t) => t.name === `rsa4096._domainkey.${DKIM_DOMAIN}`)!;
    expect(q.protocol).toBe('udp→tcp');
    // The server split the long value into ≤255-byte strings; the check joined them back.
    expect(r.records[0]!.strings!.length).toBeGreaterThan(2);
    expect(r.records[0]!.strings!.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
  });

  it('accepts a bare PKCS#1 RSA key and a raw Ed25519 key (RFC 8463)', async () => {
    const pk = await one('pkcs1');
    expect(pk.data!.selectors[0]).toMatchObject({ keyType: 'rsa', bits: 1024 });
    const ed = await one('ed');
    expect(ed.data!.selectors[0]).toMatchObject({ keyType: 'ed25519', bits: 256 });
    expect(codes(ed)).toContain('dkim.ed25519-only');
    expect(ed.status).toBe('pass');
    const spki = await one('edspki');
    expect(spki.status).toBe('fail');
    expect(codes(spki)).toContain('dkim.key-invalid');
  });

  it('follows a CNAME to the ESP and reports the chain', async () => {
    const r = await one('esp');
    expect(r.status).toBe('pass');
    expect(r.data!.selectors[0]!.cnames).toEqual(['esp._domainkey.u4711.wl.esp-mail.test']);
    expect(codes(r)).toEqual(expect.arrayContaining(['dkim.cname', 'dkim.key-ok']));
  });

  it('fails a CNAME that points at nothing', async () => {
    const r = await one('dangling');
    expect(r.status).toBe('fail');
    expect(codes(r)).toContain('dkim.cname-dangling');
    expect(r.fix).toBeUndefined(); // a TXT cannot sit beside the CNAME
  });

  it('warns about t=y and gives the record without it', async () => {
    const r = await one('testing');
    expect(r.status).toBe('warn');
    expect(r.data!.selectors[0]!.testing).toBe(true);
    const fix = r.fix!.records[0]!;
    expect(fix.name).toBe(`testing._domainkey.${DKIM_DOMAIN}`);
    expect(fix.value).toMatch(/^v=DKIM1; k=rsa; p=MII/);
    expect(fix.value).not.toContain('t=y');
    // A 2048-bit key record is over 255 bytes: the fix shows how to split it.
    expect(fix.strings!.join('')).toBe(fix.value);
    expect(fix.strings!.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
  });

  it('fails a revoked key the user says they sign with', async () => {
    const r = await one('revoked');
    expect(r.status).toBe('fail');
    expect(r.data!.selectors[0]).toMatchObject({ revoked: true, outcome: 'found' });
    expect(codes(r)).toContain('dkim.revoked');
  });

  it('fails malformed base64 and a truncated key (dkimpy test_bad.txt)', async () => {
    const b = await one('badb64');
    expect(b.status).toBe('fail');
    expect(codes(b)).toContain('dkim.key-not-base64');
    const t = await one('dkimpy-bad');
    expect(t.status).toBe('fail');
    expect(codes(t)).toContain('dkim.key-invalid');
  });

  it('fails unknown k= and a wrong v= (dkimpy badk.txt, badversion.txt)', async () => {
    const k = await one('dkimpy-badk');
    expect(codes(k)).toContain('dkim.unknown-key-type');
    expect(k.status).toBe('fail');
    const v = await one('dkimpy-badversion');
    expect(codes(v)).toContain('dkim.bad-version');
    expect(v.status).toBe('fail');
  });

  it('warns when the key is restricted to h=sha1', async () => {
    const r = await one('sha1');
    expect(r.status).toBe('warn');
    expect(codes(r)).toContain('dkim.sha1-only');
    expect(r.fix!.records[0]!.value).toContain('h=sha256');
  });

  it('joins a key split into four character-strings (RFC 8463 A.2 record)', async () => {
    const r = await one('split');
    expect(r.records[0]!.strings).toHaveLength(4);
    expect(r.data!.selectors[0]).toMatchObject({ keyType: 'rsa', bits: 1024 });
  });

  it('fails a TXT that is not a DKIM record, and a missing selector with a template', async () => {
    const n = await one('notdkim');
    expect(n.status).toBe('fail');
    expect(codes(n)).toContain('dkim.not-dkim');
    const m = await one('nosuch');
    expect(m.status).toBe('fail');
    expect(codes(m)).toContain('dkim.selector-missing');
    expect(m.fix!.records[0]).toEqual({ name: `nosuch._domainkey.${DKIM_DOMAIN}`, type: 'TXT', value: 'v=DKIM1; k=rsa; p=<public key from nosuch.txt>' });
  });

  it('reports timeout and SERVFAIL as "could not test", never fail', async () => {
    const c = ctx({ timeoutMs: 500 });
    const t = await one('slow', c);
    expect(t.status).toBe('error');
    expect(t.data!.selectors[0]).toMatchObject({ outcome: 'error', dns: 'TIMEOUT' });
    const s = await one('broken'); // default 2 s deadline: a slow SERVFAIL must not turn into a timeout
    expect(s.status).toBe('error');
    expect(s.data!.selectors[0]!.dns).toBe('SERVFAIL');
  });

  it('accepts pasted forms of a selector and rejects junk', async () => {
    const r = await checkDkim(ctx(), { domain: DKIM_DOMAIN, selectors: [`RSA2048._domainkey.${DKIM_DOMAIN}.`, 's=rsa1024', 'DKIM-Signature: v=1; a=rsa-sha256'] });
    expect(r.data!.selectors.map((s) => s.selector)).toEqual(['rsa2048', 'rsa1024']);
    expect(codes(r)).toContain('dkim.invalid-selector');
  });
});

describe('DKIM check, probing common selectors', () => {
  it('finds the relay\'s "mail" key and Google\'s, ignores misses, notes a revoked k1', async () => {
    const c = ctx();
    const r = await checkDkim(c, { domain: 'relay.dkim.test' });
    expect(r.data!.probed).toBe(true);
    const found = r.data!.selectors.filter((s) => s.outcome === 'found').map((s) => s.selector);
    expect(found.sort()).toEqual(['google', 'k1', 'mail']);
    expect(r.data!.selectors.find((s) => s.selector === 'google')!.origin).toBe('Google Workspace');
    expect(r.findings.find((f) => f.code === 'dkim.revoked')!.severity).toBe('info');
    expect(r.status).toBe('warn'); // the 1024-bit Google key
    expect(r.summary).toMatch(/mail \(2048-bit RSA/);
    // One question per default selector, all asked.
    expect(c.dns.trace.filter((t) => t.name.endsWith('._domainkey.relay.dkim.test'))).toHaveLength(DEFAULT_SELECTORS.length);
  });

  it('warns "no key at the common selectors" with how to find the selector', async () => {
    const r = await checkDkim(ctx(), { domain: 'unguessable.dkim.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['dkim.none-found']);
    expect(r.fix!.summary).toMatch(/s= tag of the DKIM-Signature/);
    expect(r.fix!.summary).toMatch(/opendkim-genkey -b 2048 -s mail -d unguessable\.dkim\.test/);
    expect(r.fix!.records[0]!.name).toBe('mail._domainkey.unguessable.dkim.test');
    // The key is there, just not at a guessable name: given the selector, it is found.
    const given = await checkDkim(ctx(), { domain: 'unguessable.dkim.test', selectors: ['x7k2q9'] });
    expect(given.status).toBe('pass');
  });

  it('treats a wildcard SPF TXT at every selector as "no key", not as broken keys', async () => {
    const r = await checkDkim(ctx(), { domain: 'wild.dkim.test' });
    expect(codes(r)).toEqual(['dkim.none-found']);
    expect(r.data!.selectors.every((s) => s.outcome === 'not-dkim')).toBe(true);
  });

  it('bounds the probe list by limits.maxDkimSelectors', async () => {
    const c = ctx({}, { maxDkimSelectors: 5 });
    const r = await checkDkim(c, { domain: 'relay.dkim.test' });
    expect(r.data!.selectors).toHaveLength(5);
    expect(codes(r)).toContain('dkim.selector-limit');
    expect(c.dns.stats.queries).toBe(5);
  });

  it('says "could not test" when every probe times out or fails', async () => {
    const t0 = Date.now();
    const r = await checkDkim(ctx({ timeoutMs: 300 }), { domain: 'flaky.dkim.test' });
    expect(r.status).toBe('error');
    expect(codes(r)).toContain('dkim.lookup-error');
    expect(Date.now() - t0).toBeLessThan(5000); // probes run in parallel, not 33 × 300 ms
    const s = await checkDkim(ctx(), { domain: 'servfail.dkim.test' });
    expect(s.status).toBe('error');
  });

  it('notes when the only key is Ed25519', async () => {
    const r = await checkDkim(ctx(), { domain: 'edonly.dkim.test' });
    expect(r.status).toBe('pass');
    expect(codes(r)).toContain('dkim.ed25519-only');
  });
});
