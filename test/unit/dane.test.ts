import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daneHostFindings, evaluateDane, type DaneHost } from '@/lib/checks/dane/evaluate';
import { matchTlsa, suggestedTlsa } from '@/lib/checks/dane/match';
import { tlsaProblem } from '@/lib/checks/dane/parse';
import { daneProbeFindings } from '@/lib/checks/dane/probe';
import { bigProvider } from '@/lib/checks/dane/providers';
import { decodeTlsaRdata } from '@/lib/dns/tlsa';
import type { TlsaData } from '@/lib/dns/types';
import type { SmtpProbe } from '@/lib/smtp/probe';

const sha = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex');
const spki = (der: Buffer) => new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });

describe('TLSA RDATA (RFC 6698 §2.1)', () => {
  it('decodes usage, selector, matching type and the data as hex', () => {
    expect(decodeTlsaRdata(Buffer.from([3, 1, 1, 0xab, 0xcd]))).toEqual({ usage: 3, selector: 1, matchingType: 1, data: 'abcd' });
  });

  it('gives null for RDATA too short to hold the three fixed fields', () => {
    expect(decodeTlsaRdata(Buffer.from([3, 1]))).toBeNull();
  });

  it('decodes a 64 KiB record in one linear pass', () => {
    const big = Buffer.alloc(65_535, 0xff);
    big[0] = 3;
    const started = performance.now();
    expect(decodeTlsaRdata(big)?.data.length).toBe((65_535 - 3) * 2);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('usable TLSA records for SMTP (RFC 7672 §3.1)', () => {
  const rec = (usage: number, selector: number, matchingType: number, hexLen: number): TlsaData => ({ usage, selector, matchingType, data: 'a'.repeat(hexLen) });
  it.each([
    [rec(3, 1, 1, 64), undefined],
    [rec(2, 0, 2, 128), undefined],
    [rec(3, 0, 0, 10), undefined],
    [rec(1, 1, 1, 64), 'pkix-usage'],
    [rec(0, 1, 1, 64), 'pkix-usage'],
    [rec(4, 1, 1, 64), 'unknown-usage'],
    [rec(3, 2, 1, 64), 'unknown-selector'],
    [rec(3, 1, 3, 64), 'unknown-matching-type'],
    [rec(3, 1, 1, 62), 'bad-digest-length'],
    [rec(3, 1, 2, 64), 'bad-digest-length'],
    [rec(3, 1, 0, 0), 'empty-data'],
  ])('%j → %s', (t, want) => {
    expect(tlsaProblem(t)).toBe(want);
  });
});

describe('matching TLSA records against a presented chain', () => {
  let dir = '';
  let leaf: Buffer;
  let ca: Buffer;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mxray-tlsa-'));
    const f = (n: string) => path.join(dir, n);
    const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '30', '-subj', '/CN=Test CA']);
    run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=mx.example.test']);
    run(['x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.pem'), '-days', '30']);
    leaf = Buffer.from(new X509Certificate(readFileSync(f('leaf.pem'))).raw);
    ca = Buffer.from(new X509Certificate(readFileSync(f('ca.pem'))).raw);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches DANE-EE on the server certificate for every selector and matching type', () => {
    const records: TlsaData[] = [
      { usage: 3, selector: 0, matchingType: 0, data: leaf.toString('hex') },
      { usage: 3, selector: 0, matchingType: 1, data: sha('sha256', leaf) },
      { usage: 3, selector: 0, matchingType: 2, data: sha('sha512', leaf) },
      { usage: 3, selector: 1, matchingType: 0, data: spki(leaf).toString('hex') },
      { usage: 3, selector: 1, matchingType: 1, data: sha('sha256', spki(leaf)).toUpperCase() },
      { usage: 3, selector: 1, matchingType: 2, data: sha('sha512', spki(leaf)) },
    ];
    for (const r of records) expect(matchTlsa([r], [leaf, ca]).matched, JSON.stringify(r).slice(0, 40)).toHaveLength(1);
  });

  it('matches DANE-TA on the CA certificate, never on the server certificate', () => {
    expect(matchTlsa([{ usage: 2, selector: 1, matchingType: 1, data: sha('sha256', spki(ca)) }], [leaf, ca]).matched).toHaveLength(1);
    expect(matchTlsa([{ usage: 2, selector: 1, matchingType: 1, data: sha('sha256', spki(leaf)) }], [leaf, ca]).matched).toHaveLength(0);
    // A CA record does not match when the server leaves its CA out of the chain.
    expect(matchTlsa([{ usage: 2, selector: 1, matchingType: 1, data: sha('sha256', spki(ca)) }], [leaf]).matched).toHaveLength(0);
  });

  it('does not match the CA key as DANE-EE, nor a selector mix-up', () => {
    expect(matchTlsa([{ usage: 3, selector: 1, matchingType: 1, data: sha('sha256', spki(ca)) }], [leaf, ca]).matched).toHaveLength(0);
    expect(matchTlsa([{ usage: 3, selector: 0, matchingType: 1, data: sha('sha256', spki(leaf)) }], [leaf, ca]).matched).toHaveLength(0);
  });

  it('skips unusable records (PKIX usages) instead of matching them', () => {
    expect(matchTlsa([{ usage: 1, selector: 1, matchingType: 1, data: sha('sha256', spki(leaf)) }], [leaf]).compared).toBe(0);
  });

  it('suggests the 3 1 1 record of the presented key, and fails the probe loudly on a mismatch', () => {
    expect(suggestedTlsa(leaf)).toEqual({ usage: 3, selector: 1, matchingType: 1, data: sha('sha256', spki(leaf)) });
    const host: DaneHost = { host: 'mx.example.test', tlsaName: '_25._tcp.mx.example.test', tlsaState: 'secure', tlsaOutcome: 'NOERROR', addressState: 'secure', records: [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }] };
    const probe = { starttlsOffered: true, tls: { names: [], selfSigned: false, trusted: false }, peerChain: [leaf.toString('base64')] } as unknown as SmtpProbe;
    const r = daneProbeFindings(host, true, probe);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['dane.published', 'pass'], ['dane.mismatch', 'fail']]);
    expect(r.fix?.records[0]?.value).toBe(`3 1 1 ${sha('sha256', spki(leaf))}`);
  });
});

describe('DANE findings per MX host', () => {
  const host = (over: Partial<DaneHost>): DaneHost => ({ host: 'mx.example.test', tlsaName: '_25._tcp.mx.example.test', tlsaState: 'secure', tlsaOutcome: 'NOERROR', addressState: 'secure', records: [], ...over });

  it('a big provider without TLSA records is a note, not a warning', () => {
    expect(bigProvider('aspmx.l.google.com')).toBe('Google');
    expect(bigProvider('example-com.mail.protection.outlook.com')).toBe('Microsoft');
    expect(bigProvider('mx.notgoogle.com')).toBeUndefined();
    const r = evaluateDane({ domain: 'example.com', mx: { outcome: 'NOERROR' }, hosts: [{ host: 'aspmx.l.google.com', tlsa: { name: '_25._tcp.aspmx.l.google.com', type: 'TLSA', state: 'insecure', outcome: 'NXDOMAIN', answer: { name: '', type: 'TLSA', outcome: 'NXDOMAIN', records: [], cnames: [], ttl: 0, authenticated: false, checkingDisabled: false } }, address: { name: 'aspmx.l.google.com', type: 'A', state: 'insecure', outcome: 'NOERROR', answer: { name: '', type: 'A', outcome: 'NOERROR', records: [], cnames: [], ttl: 0, authenticated: false, checkingDisabled: false } } }] });
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['dane.none-provider', 'info']]);
    expect(r.status).toBe('info');
  });

  it('PKIX usages are unusable for SMTP: a warning each, and no usable record', () => {
    const f = daneHostFindings(host({ records: [{ usage: 1, selector: 1, matchingType: 1, data: 'ab'.repeat(32), problem: 'pkix-usage' }] }), true);
    expect(f.map((x) => [x.code, x.severity])).toEqual([['dane.unusable-record', 'warn'], ['dane.no-usable-record', 'warn']]);
  });

  it('unsigned TLSA records from a resolver that does not validate are "cannot tell", not "unsigned"', () => {
    const rec = [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }];
    expect(daneHostFindings(host({ tlsaState: 'insecure', records: rec }), false).map((x) => x.code)).toEqual(['dane.not-validated']);
    expect(daneHostFindings(host({ tlsaState: 'insecure', records: rec }), true).map((x) => x.code)).toEqual(['dane.unsigned']);
  });

  it('a server without STARTTLS behind TLSA records fails', () => {
    const r = daneProbeFindings(host({ records: [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }] }), true, { starttlsOffered: false } as SmtpProbe);
    expect(r.findings.map((x) => [x.code, x.severity])).toContainEqual(['dane.no-tls', 'fail']);
  });
});
