/**
 * DNSSEC and DANE against real parts on loopback: BIND's named serving zones signed at test time
 * (secure.test; bogus.test with expired signatures; insecure.test unsigned), Debian's unbound as
 * the validating resolver (trust anchors for the signed zones) and as a resolver that only iterates,
 * and a smtp-server listener presenting an openssl-made certificate that the TLSA records name
 * (mx.secure.test) or do not (mx2.secure.test). See test/support/dnssec-lab.ts.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { checkDane, type DaneData } from '@/lib/checks/dane';
import { checkDnssec, type DnssecData } from '@/lib/checks/dnssec';
import { checkSmtpProbe, type SmtpProbeData } from '@/lib/checks/smtp-probe';
import { clearResolverValidation, resolverValidation } from '@/lib/dns/dnssec-selftest';
import { parseServerList } from '@/lib/dns';
import { runDomainCheck } from '@/lib/report/domain-check';
import { runCli } from '../support/cli';
import { labUnavailable, startDnssecLab, type DnssecLab } from '../support/dnssec-lab';
import { findingCodes, testCheckContext } from '../support/check-context';

const skip = labUnavailable();
if (skip) console.warn(skip);

let lab: DnssecLab;
let smtp: SMTPServer;
let smtpPort = 0;
let goodHash = '';
let certDir = '';
const saved = { ...process.env };

beforeAll(async () => {
  if (skip) return;
  certDir = mkdtempSync(path.join(tmpdir(), 'mxray-dane-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem'), '-days', '30', '-subj', '/CN=mx.secure.test', '-addext', 'subjectAltName=DNS:mx.secure.test,DNS:mx2.secure.test'], { stdio: 'ignore' });
  const cert = readFileSync(path.join(certDir, 'cert.pem'), 'utf8');
  goodHash = createHash('sha256').update(new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  const otherHash = createHash('sha256').update('a key that was rolled away').digest('hex');
  lab = await startDnssecLab({
    'secure.test': [
      '@ IN A 127.0.0.1',
      '@ IN MX 10 mx.secure.test.',
      '@ IN MX 20 mx2.secure.test.',
      'mx IN A 127.0.0.1',
      `_25._tcp.mx IN TLSA 3 1 1 ${goodHash}`,
      'mx2 IN A 127.0.0.1',
      `_25._tcp.mx2 IN TLSA 3 1 1 ${otherHash}`,
      // A signed domain whose MX host lives in the broken zone.
      'mixed IN MX 10 mx.bogus.test.',
    ],
    'insecure.test': ['@ IN A 127.0.0.1', '@ IN MX 10 mx.insecure.test.', 'mx IN A 127.0.0.1', `_25._tcp.mx IN TLSA 3 1 1 ${goodHash}`],
    'bogus.test': ['@ IN A 127.0.0.1', '@ IN MX 10 mx.bogus.test.', 'mx IN A 127.0.0.1', 'www IN A 127.0.0.1', `_25._tcp.mx IN TLSA 3 1 1 ${goodHash}`],
  });
  smtp = new SMTPServer({ name: 'mx.secure.test', key: readFileSync(path.join(certDir, 'key.pem')), cert, disableReverseLookup: true, authOptional: true });
  smtp.on('error', () => {});
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as net.AddressInfo).port;
  process.env.MXRAY_ALLOW_PRIVATE_TARGETS = '1';
  // The self-test's probes, inside the lab: a name that must fail and one that must validate.
  process.env.MXRAY_DNSSEC_BOGUS_PROBE = 'www.bogus.test';
  process.env.MXRAY_DNSSEC_SECURE_PROBE = 'secure.test';
}, 60_000);

afterAll(async () => {
  process.env = saved;
  clearResolverValidation();
  if (smtp) await new Promise<void>((r) => smtp.close(() => r()));
  await lab?.stop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

beforeEach(() => clearResolverValidation());

const validating = () => testCheckContext(lab.validating, { timeoutMs: 3000 });
const iterating = () => testCheckContext(lab.nonValidating, { timeoutMs: 3000 });

describe.skipIf(!!skip)('DNSSEC through a validating resolver (unbound + named)', () => {
  it('reports a signed domain whose chain validates as secure, and its MX host zones as signed', async () => {
    const r = await checkDnssec(validating(), { domain: 'secure.test' });
    const d = r.data as DnssecData;
    expect(r.status).toBe('pass');
    expect(d.domainState.state).toBe('secure');
    expect(d.mxHosts.map((h) => [h.name, h.state])).toEqual([['mx.secure.test', 'secure'], ['mx2.secure.test', 'secure']]);
    expect(findingCodes(r)).toEqual(['dnssec.secure', 'dnssec.mx-secure']);
  });

  it('reports an unsigned domain as insecure (a note), after the self-test shows the resolver validates', async () => {
    const r = await checkDnssec(validating(), { domain: 'insecure.test' });
    const d = r.data as DnssecData;
    expect(d.domainState.state).toBe('insecure');
    expect(d.resolver?.validates).toBe(true);
    expect(r.status).toBe('info');
    expect(findingCodes(r)).toEqual(['dnssec.insecure', 'dnssec.mx-insecure']);
  });

  it('fails a domain with expired signatures as bogus (SERVFAIL, answered with CD)', async () => {
    const ctx = validating();
    const r = await checkDnssec(ctx, { domain: 'bogus.test' });
    expect(r.status).toBe('fail');
    expect((r.data as DnssecData).domainState.state).toBe('bogus');
    expect(findingCodes(r)).toContain('dnssec.bogus');
    expect(findingCodes(r)).toContain('dnssec.mx-bogus');
    // The CD re-ask is in the trace, with its flags.
    expect(ctx.dns.trace.some((t) => t.name === 'bogus.test' && t.dnssec?.flags === 'do+cd' && t.outcome === 'NOERROR')).toBe(true);
  });

  it('fails a signed domain whose MX host is in a bogus zone', async () => {
    const r = await checkDnssec(validating(), { domain: 'mixed.secure.test' });
    expect((r.data as DnssecData).domainState.state).toBe('secure');
    expect(findingCodes(r)).toEqual(['dnssec.secure', 'dnssec.mx-bogus']);
    expect(r.status).toBe('fail');
  });

  it('says "your resolver does not validate: cannot tell" for a non-validating resolver, never "insecure"', async () => {
    const r = await checkDnssec(iterating(), { domain: 'secure.test' });
    const d = r.data as DnssecData;
    expect(r.status).toBe('info');
    expect(r.summary).toMatch(/does not validate DNSSEC: cannot tell/);
    expect(d.domainState.state).toBe('not-validated');
    expect(d.resolver?.validates).toBe(false);
    expect(findingCodes(r)).toEqual(['dnssec.resolver-not-validating']);
    expect(d.mxHosts.map((h) => h.state)).toEqual(['not-validated', 'not-validated']);
    expect(findingCodes(r)).not.toContain('dnssec.insecure');
  });

  it('self-tests each resolver once and caches the verdict per resolver setting', async () => {
    const ctx = validating();
    const v = await resolverValidation(ctx.dns);
    expect(v.validates).toBe(true);
    expect(v.bogusProbe.state).toBe('bogus');
    expect(v.secureProbe.state).toBe('secure');
    const asked = ctx.dns.stats.queries;
    const again = await resolverValidation(validating().dns);
    expect(again).toBe(v);
    expect(ctx.dns.stats.queries).toBe(asked);
    expect((await resolverValidation(iterating().dns)).validates).toBe(false);
  });
});

describe.skipIf(!!skip)('DANE for MX (RFC 7672)', () => {
  it('finds DNSSEC-validated TLSA records for each MX host of a signed domain', async () => {
    const r = await checkDane(validating(), { domain: 'secure.test' });
    const d = r.data as DaneData;
    expect(r.status).toBe('pass');
    expect(d.hosts.map((h) => [h.host, h.tlsaState, h.records.length])).toEqual([['mx.secure.test', 'secure', 1], ['mx2.secure.test', 'secure', 1]]);
    expect(findingCodes(r)).toEqual(['dane.published', 'dane.published']);
    expect(r.records[0]).toMatchObject({ name: '_25._tcp.mx.secure.test', type: 'TLSA', value: `3 1 1 ${goodHash}` });
  });

  it('warns that TLSA records in an unsigned zone are ignored by senders', async () => {
    const r = await checkDane(validating(), { domain: 'insecure.test' });
    expect(r.status).toBe('warn');
    expect(findingCodes(r)).toEqual(['dane.unsigned']);
  });

  it('fails a bogus TLSA lookup: DANE senders defer all mail', async () => {
    const r = await checkDane(validating(), { domain: 'mixed.secure.test' });
    expect(r.status).toBe('fail');
    expect(findingCodes(r)).toEqual(['dane.bogus']);
  });

  it('cannot tell through a resolver that does not validate', async () => {
    const r = await checkDane(iterating(), { domain: 'secure.test' });
    expect(r.status).toBe('error');
    expect(findingCodes(r)).toEqual(['dane.not-validated', 'dane.not-validated']);
    expect((r.data as DaneData).resolver?.validates).toBe(false);
  });

  it('matches the certificate the SMTP server presents against the TLSA record (3 1 1)', async () => {
    const r = await checkSmtpProbe(validating(), { host: 'mx.secure.test', port: smtpPort, timeoutMs: 5000 });
    const d = r.data as SmtpProbeData;
    expect(findingCodes(r)).toContain('dane.match');
    expect(d.dane?.matched).toEqual([`3 1 1 ${goodHash}`]);
    // The chain's DER is used, not stored.
    expect(JSON.stringify(r)).not.toContain('peerChain');
  });

  it('fails loudly on a TLSA mismatch and gives the record that would match', async () => {
    const r = await checkSmtpProbe(validating(), { host: 'mx2.secure.test', port: smtpPort, timeoutMs: 5000 });
    expect(r.status).toBe('fail');
    const f = r.findings.find((x) => x.code === 'dane.mismatch');
    expect(f?.severity).toBe('fail');
    expect(f?.detail).toMatch(/defer ALL mail/);
    expect(r.fix?.records).toEqual([{ name: '_25._tcp.mx2.secure.test', type: 'TLSA', value: `3 1 1 ${goodHash}` }]);
  });

  it('probes every MX host of a domain and reports the match per host', async () => {
    const r = await checkSmtpProbe(validating(), { host: 'secure.test', port: smtpPort, timeoutMs: 5000 });
    const d = r.data as SmtpProbeData;
    expect(d.dane?.matched?.length).toBe(1);
    expect(d.others?.[0]?.dane?.matched).toEqual([]);
    expect(findingCodes(r)).toEqual(expect.arrayContaining(['dane.match', 'dane.mismatch']));
  });
});

describe.skipIf(!!skip)('domain report', () => {
  it('runs the DNSSEC and DANE rows in a domain check', async () => {
    const report = await runDomainCheck({ domain: 'secure.test' }, { dns: { servers: parseServerList(lab.validating), timeoutMs: 3000, retries: 0, cacheMaxTtlSec: 0 }, cache: null });
    const rows = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(rows.dnssec).toBe('pass');
    expect(rows.dane).toBe('pass');
    expect(report.dns.trace.some((t) => t.dnssec?.ad === true)).toBe(true);
  });
});

describe.skipIf(!!skip)('CLI', () => {
  it('mxray check --probe adds the SMTP probe with the DANE match of each MX host', async () => {
    const env = { MXRAY_DNS_SERVERS: process.env.MXRAY_DNS_SERVERS, MXRAY_SMTP_PROBE_PORT: process.env.MXRAY_SMTP_PROBE_PORT };
    process.env.MXRAY_DNS_SERVERS = lab.validating;
    process.env.MXRAY_SMTP_PROBE_PORT = String(smtpPort);
    try {
      const { code, out } = await runCli('check', 'secure.test', '--probe', '--json');
      const report = JSON.parse(out) as { status: string; checks: { id: string; status: string; findings: { code: string }[] }[] };
      const probe = report.checks.find((c) => c.id === 'smtp');
      expect(probe?.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['dane.match', 'dane.mismatch']));
      expect(report.checks.find((c) => c.id === 'dnssec')?.status).toBe('pass');
      // mx2's TLSA mismatch fails the run.
      expect(report.status).toBe('fail');
      expect(code).toBe(1);
    } finally {
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
