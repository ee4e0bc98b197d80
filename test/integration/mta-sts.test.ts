import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkMtaSts } from '@/lib/checks/mta-sts';
import { DEFAULT_LIMITS, type CheckContext } from '@/lib/checks/types';
import { DnsResolver, parseServerList } from '@/lib/dns';
import { describeFinding } from '@/lib/findings/catalog';
import { TestDnsServer } from '../support/dns-server';
import { findingCodes, testCheckContext } from '../support/check-context';
import { policyZone } from '../fixtures/zones/policy';

/**
 * A real HTTPS server on 127.0.0.1:0 with a certificate from a CA generated here with the openssl
 * CLI. It serves a different policy per Host header; the check connects to the address it
 * resolved through the test DNS server, with SNI and certificate checks for mta-sts.<domain>.
 */
const SERVED = ['sts', 'gap', 'broken', 'redirect', 'html', 'junk', 'huge', 'hang', 'testmode'].map((d) => `mta-sts.${d}.pol.test`);

let dns: TestDnsServer;
let server: https.Server;
let port: number;
let ca: string;
let dir: string;
const seen: { host?: string; sni?: string | false | null; path?: string }[] = [];

const POLICIES: Record<string, { status?: number; type?: string; body: string; headers?: Record<string, string> } | 'hang'> = {
  'mta-sts.sts.pol.test': { body: 'version: STSv1\r\nmode: enforce\r\nmx: mx1.sts.pol.test\r\nmx: *.sts.pol.test\r\nmax_age: 604800\r\n' },
  'mta-sts.gap.pol.test': { body: 'version: STSv1\nmode: enforce\nmx: mx1.gap.pol.test\nmax_age: 604800\n' },
  'mta-sts.testmode.pol.test': { body: 'version: STSv1\nmode: testing\nmx: *.mail.testmode.pol.test\nmax_age: 86400\n' },
  'mta-sts.broken.pol.test': { body: 'version: STSv1\nmode: enforce\nmx: mx.broken.pol.test\nmax_age: 604800\n' },
  'mta-sts.redirect.pol.test': { status: 301, body: '', headers: { Location: 'https://www.redirect.pol.test/mta-sts.txt' } },
  'mta-sts.html.pol.test': { type: 'text/html', body: 'version: STSv1\nmode: enforce\nmx: mx.html.pol.test\nmax_age: 604800\n' },
  'mta-sts.junk.pol.test': { body: '<html>Welcome to nginx!</html>\n' },
  'mta-sts.huge.pol.test': { body: `version: STSv1\nmode: testing\nmax_age: 86400\n${'mx: mx.huge.pol.test\n'.repeat(4000)}` },
  'mta-sts.hang.pol.test': 'hang',
};

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mxray-mta-sts-'));
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=mxray test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=mta-sts.sts.pol.test');
  writeFileSync(path.join(dir, 'ext.cnf'), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${SERVED.map((h) => `DNS:${h}`).join(',')}\n`);
  openssl('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.crt', '-days', '30', '-extfile', 'ext.cnf');
  ca = readFileSync(path.join(dir, 'ca.crt'), 'utf8');

  server = https.createServer({ key: readFileSync(path.join(dir, 'srv.key')), cert: readFileSync(path.join(dir, 'srv.crt')) }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    seen.push({ host, sni: (req.socket as TLSSocket).servername, path: req.url });
    const p = POLICIES[host] ?? { status: 404, body: 'not found' };
    if (p === 'hang') return; // accept, never answer
    res.writeHead(p.status ?? 200, { 'Content-Type': p.type ?? 'text/plain; charset=utf-8', ...p.headers });
    res.end(p.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const zone = { ...policyZone, 'mta-sts.wrongcert.pol.test': { A: ['127.0.0.1'] } };
  dns = await new TestDnsServer({ zone }).start();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await dns.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (now = new Date()) => testCheckContext(dns.address, { timeoutMs: 1000, now });
const codes = findingCodes;
const check = (domain: string, extra: { timeoutMs?: number; ca?: string | null; now?: Date } = {}) =>
  checkMtaSts(ctx(extra.now), { domain, httpsPort: port, timeoutMs: extra.timeoutMs ?? 5000, ...(extra.ca === null ? {} : { ca: extra.ca ?? ca }) });

describe('MTA-STS with the policy served over real HTTPS on loopback', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
    process.env.MXRAY_ALLOW_PRIVATE_TARGETS = '1';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
    else process.env.MXRAY_ALLOW_PRIVATE_TARGETS = saved;
  });

  it('fetches and validates an enforce policy that covers every MX, using SNI for the policy host', async () => {
    seen.length = 0;
    const r = await check('sts.pol.test');
    expect(r.status).toBe('pass');
    expect(codes(r)).toEqual(['mta-sts.ok']);
    expect(r.data!.record).toMatchObject({ id: '20240101T000000', valid: true });
    expect(r.data!.policy).toEqual({ version: 'STSv1', mode: 'enforce', mx: ['mx1.sts.pol.test', '*.sts.pol.test'], maxAge: 604800 });
    expect(r.data!.mx).toEqual([{ host: 'mx1.sts.pol.test', pattern: 'mx1.sts.pol.test' }, { host: 'mx2.sts.pol.test', pattern: '*.sts.pol.test' }]);
    expect(r.data!.fetch).toMatchObject({ kind: 'response', status: 200, address: '127.0.0.1' });
    expect(r.data!.certificate?.altNames).toContain('DNS:mta-sts.sts.pol.test');
    expect(seen).toEqual([{ host: 'mta-sts.sts.pol.test', sni: 'mta-sts.sts.pol.test', path: '/.well-known/mta-sts.txt' }]);
  });

  it('accepts testing mode with a wildcard pattern, noting the mode', async () => {
    const r = await check('testmode.pol.test');
    expect(r.status).toBe('pass');
    expect(codes(r)).toEqual(['mta-sts.ok', 'mta-sts.mode-testing']);
  });

  it('fails an enforce policy that does not cover an MX host, and gives the corrected policy', async () => {
    const r = await check('gap.pol.test');
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mta-sts.mx-not-covered']);
    expect(r.findings[0]!.detail).toContain('backup.other.test');
    expect(r.fix?.summary).toContain('mx: backup.other.test');
    expect(r.fix?.records[0]).toMatchObject({ name: '_mta-sts.gap.pol.test', type: 'TXT' });
    expect(r.fix!.records[0]!.value).toMatch(/^v=STSv1; id=[A-Za-z0-9]{1,32}$/);
  });

  it('reports absence as info and suggests a policy listing the MX hosts', async () => {
    const r = await check('absent.pol.test');
    expect(r.status).toBe('info');
    expect(codes(r)).toEqual(['mta-sts.absent']);
    expect(r.data!.suggestedPolicy).toBe('version: STSv1\nmode: testing\nmx: mail.absent.pol.test\nmax_age: 604800\n');
    expect(r.data!.fetch).toBeUndefined(); // no record, no HTTPS request
  });

  it('warns about a malformed TXT record but still looks at the policy', async () => {
    const r = await check('broken.pol.test');
    expect(r.status).toBe('warn');
    expect(codes(r)).toContain('mta-sts.record-invalid');
    expect(r.findings.find((f) => f.code === 'mta-sts.record-invalid')!.detail).toMatch(/id=.*missing|separated by ";"/);
    expect(r.data!.policy?.mode).toBe('enforce');
  });

  it('fails when the policy host has no address', async () => {
    const r = await check('nohost.pol.test');
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mta-sts.policy-host-missing']);
  });

  it('fails a certificate that does not name the policy host', async () => {
    const r = await check('wrongcert.pol.test');
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mta-sts.policy-cert-invalid']);
    expect(r.findings[0]!.detail).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  it('fails a certificate from an untrusted CA (without the test CA)', async () => {
    const r = await check('sts.pol.test', { ca: null });
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mta-sts.policy-cert-invalid']);
  });

  it('fails a redirect instead of following it', async () => {
    const r = await check('redirect.pol.test');
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mta-sts.policy-redirect']);
    expect(r.findings[0]!.detail).toContain('301');
  });

  it('warns when the policy is not text/plain', async () => {
    const r = await check('html.pol.test');
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['mta-sts.policy-content-type']);
  });

  it('fails an invalid policy body and a body over 64 KiB', async () => {
    const junk = await check('junk.pol.test');
    expect(junk.status).toBe('fail');
    expect(codes(junk)).toEqual(['mta-sts.policy-invalid']);
    const huge = await check('huge.pol.test');
    expect(huge.status).toBe('fail');
    expect(codes(huge)).toEqual(['mta-sts.policy-too-large']);
  });

  it('fails when nothing listens on the policy host', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = await checkMtaSts(ctx(), { domain: 'sts.pol.test', httpsPort: closed, ca });
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mta-sts.policy-unreachable']);
    expect(r.findings[0]!.detail).toContain('ECONNREFUSED');
  });

  it('gives up at the deadline and reports "could not test"', async () => {
    const t0 = Date.now();
    const r = await check('hang.pol.test', { timeoutMs: 600 });
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['mta-sts.policy-timeout']);
  });

  it('warns when the policy certificate expires within two weeks', async () => {
    const r = await check('sts.pol.test', { now: new Date(Date.now() + 20 * 86_400_000) });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['mta-sts.cert-expiring']);
  });

  it('has wording for every code it emits', async () => {
    for (const d of ['sts', 'testmode', 'gap', 'absent', 'broken', 'nohost', 'wrongcert', 'redirect', 'html', 'junk']) {
      for (const f of (await check(`${d}.pol.test`)).findings) expect(describeFinding(f.code).why, f.code).not.toBe('');
    }
  });
});

describe('MTA-STS without MXRAY_ALLOW_PRIVATE_TARGETS', () => {
  it('refuses to connect to a loopback policy host and says why', async () => {
    const saved = process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
    delete process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
    try {
      seen.length = 0;
      const r = await check('sts.pol.test');
      expect(r.status).toBe('error');
      expect(codes(r)).toEqual(['mta-sts.policy-host-refused']);
      expect(r.findings[0]!.detail).toMatch(/127\.0\.0\.1 is a loopback address.*MXRAY_ALLOW_PRIVATE_TARGETS=1/);
      expect(seen).toEqual([]); // nothing reached the server
    } finally {
      if (saved !== undefined) process.env.MXRAY_ALLOW_PRIVATE_TARGETS = saved;
    }
  });
});
