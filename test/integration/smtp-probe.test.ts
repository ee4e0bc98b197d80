/**
 * Port-25 and SMTP probes against real servers on loopback:
 *  - Postfix's smtp-sink (/usr/sbin/smtp-sink from the postfix package),
 *  - a smtp-server (nodemailer) listener with STARTTLS and a self-signed certificate made with
 *    openssl at test time,
 *  - a black-holed port: a socket with a full accept backlog that is never accepted, so further
 *    SYNs are dropped by the kernel (no iptables here) — a real unanswered SYN, not a banner stall,
 *  - a closed port (connection refused).
 * DNS comes from the test DNS server. MXRAY_ALLOW_PRIVATE_TARGETS=1 lets the probes reach 127.0.0.1.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { DnsResolver, parseServerList } from '@/lib/dns';
import { checkPort25, type Port25Data } from '@/lib/checks/port25';
import { checkSmtpProbe, type SmtpProbeData } from '@/lib/checks/smtp-probe';
import { DEFAULT_LIMITS, type CheckContext } from '@/lib/checks/types';
import { TestDnsServer } from '../support/dns-server';
import { testCheckContext } from '../support/check-context';
import { freePort } from '../support/net';

let dns: TestDnsServer;
let sink: ChildProcess;
let sinkPort = 0;
let tlsServer: SMTPServer;
let tlsPort = 0;
let cert = '';
let blackhole: ChildProcess;
let blackholePort = 0;
const held: net.Socket[] = [];
let closedPort = 0;
const mailFrom: string[] = [];
const connections: string[] = [];
const savedEnv = process.env.MXRAY_ALLOW_PRIVATE_TARGETS;

async function waitForListener(port: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listening on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Python holds a listening socket with backlog 0 and never accepts; we fill the queue. */
async function startBlackhole(): Promise<void> {
  const script = 'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()\n';
  blackhole = spawn('/usr/bin/python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  blackholePort = await new Promise<number>((resolve, reject) => {
    blackhole.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    blackhole.once('error', reject);
  });
  // Fill the accept queue: these complete the handshake, after which new SYNs are dropped.
  for (let i = 0; i < 3; i++) {
    const s = net.connect(blackholePort, '127.0.0.1');
    s.on('error', () => {});
    held.push(s);
  }
  await new Promise((r) => setTimeout(r, 200));
}

beforeAll(async () => {
  process.env.MXRAY_ALLOW_PRIVATE_TARGETS = '1';
  dns = await new TestDnsServer({
    zone: {
      'gmail.test': { MX: [[5, 'gmail-smtp-in.gmail.test'], [10, 'alt.gmail.test']] },
      'gmail-smtp-in.gmail.test': { A: ['127.0.0.1'] },
      'outlook.test': { MX: [[0, 'mx.outlook.test']] },
      'mx.outlook.test': { A: ['127.0.0.1'] },
      'blackhole.test': { MX: [[10, 'mx.blackhole.test']] },
      'mx.blackhole.test': { A: ['127.0.0.1'] },
      'nomail.test': { MX: [[0, '.']] },
      'mx.example.test': { A: ['127.0.0.1'] },
      'other.example.test': { A: ['127.0.0.1'] },
      // Three MX records, two distinct hosts; the backup's name is not on the certificate.
      'two-mx.test': { MX: [[20, 'other.example.test'], [10, 'mx.example.test'], [30, 'MX.example.test.']] },
      'three-mx.test': { MX: [[10, 'mx.example.test'], [20, 'gone.example.test'], [30, 'lan.example.test']] },
      'lan.example.test': { A: ['10.1.2.3'] },
      '1.0.0.127.in-addr.arpa': { PTR: ['mx.example.test'] },
    },
  }).start();

  sinkPort = await freePort();
  sink = spawn('/usr/sbin/smtp-sink', ['-h', 'mx.example.test', '-u', 'root', `127.0.0.1:${sinkPort}`, '10'], { stdio: 'ignore' });
  await waitForListener(sinkPort);

  const dir = mkdtempSync(path.join(tmpdir(), 'mxray-smtp-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '30', '-subj', '/CN=mx.example.test', '-addext', 'subjectAltName=DNS:mx.example.test'], { stdio: 'ignore' });
  cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  tlsServer = new SMTPServer({
    name: 'mx.example.test',
    key: readFileSync(path.join(dir, 'key.pem')),
    cert,
    disableReverseLookup: true,
    authOptional: true,
    onConnect: (session, cb) => {
      connections.push(session.remoteAddress);
      cb();
    },
    onMailFrom: (address, _session, cb) => {
      mailFrom.push(address.address);
      cb(new Error('no mail here'));
    },
  });
  tlsServer.on('error', () => {});
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', () => r()));
  tlsPort = (tlsServer.server.address() as net.AddressInfo).port;

  await startBlackhole();
  closedPort = await freePort();
});

afterAll(async () => {
  if (savedEnv === undefined) delete process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
  else process.env.MXRAY_ALLOW_PRIVATE_TARGETS = savedEnv;
  for (const s of held) s.destroy();
  if (blackhole?.pid) process.kill(blackhole.pid);
  if (sink?.pid) process.kill(sink.pid);
  await new Promise<void>((r) => (tlsServer ? tlsServer.close(() => r()) : r()));
  await dns?.stop();
});

const ctx = () => testCheckContext(dns.address, { timeoutMs: 2000 });

describe('outbound port 25 probe', () => {
  it('reaches the MX of each receiver, reads the banner and quits', async () => {
    const r = await checkPort25(ctx(), { targets: [`gmail.test:${sinkPort}`, `outlook.test:${sinkPort}`], timeoutMs: 5000 });
    const d = r.data as Port25Data;
    expect(d.results.map((x) => [x.target, x.mxHost, x.status, x.reason])).toEqual([
      [`gmail.test:${sinkPort}`, 'gmail-smtp-in.gmail.test', 'reachable', 'greeted'],
      [`outlook.test:${sinkPort}`, 'mx.outlook.test', 'reachable', 'greeted'],
    ]);
    expect(d.results[0]!.banner).toMatch(/^220 mx\.example\.test/);
    expect(d.results[0]!.probe?.ehloName).toBe('mx.example.test');
    expect(r.status).toBe('pass');
    expect(r.findings.every((f) => f.code === 'port25.open')).toBe(true);
  });

  it('ends a black-holed port as "blocked" at the configured deadline', async () => {
    const deadline = 800;
    const t0 = Date.now();
    const r = await checkPort25(ctx(), { targets: [`blackhole.test:${blackholePort}`], timeoutMs: deadline });
    const took = Date.now() - t0;
    const d = r.data as Port25Data;
    expect(d.results[0]).toMatchObject({ status: 'blocked', reason: 'timeout', mxHost: 'mx.blackhole.test' });
    expect(d.results[0]!.probe?.connected).toBe(false); // a dropped SYN, not a banner stall
    expect(took).toBeGreaterThanOrEqual(deadline - 20);
    expect(took).toBeLessThan(deadline + 1500);
    expect(r.status).toBe('fail');
    expect(r.findings[0]!.code).toBe('port25.blocked');
    expect(r.summary).toMatch(/looks blocked/);
  });

  it('reports a closed port as refused, quickly', async () => {
    const r = await checkPort25(ctx(), { targets: [`127.0.0.1:${closedPort}`], timeoutMs: 5000 });
    const d = r.data as Port25Data;
    expect(d.results[0]).toMatchObject({ status: 'refused', reason: 'ECONNREFUSED' });
    expect(d.results[0]!.ms).toBeLessThan(2000);
    expect(r.findings[0]!.code).toBe('port25.refused');
    // Only the provider can open the port: the fix says so (issue 12), with the request to make.
    expect(r.fix).toMatchObject({ where: 'provider', records: [] });
    expect(r.fix!.steps!.join(' ')).toMatch(/port 25/);
  });

  it('one reachable receiver is enough: a blocked one only warns', async () => {
    const r = await checkPort25(ctx(), { targets: [`gmail.test:${sinkPort}`, `blackhole.test:${blackholePort}`], timeoutMs: 600 });
    expect(r.status).toBe('pass');
    expect(r.findings.find((f) => f.code === 'port25.blocked')?.severity).toBe('warn');
    expect(r.fix).toBeUndefined();
  });

  it('does not connect to special-purpose addresses unless allowed', async () => {
    delete process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
    try {
      const before = connections.length;
      const r = await checkPort25(ctx(), { targets: [`127.0.0.1:${tlsPort}`], timeoutMs: 2000 });
      expect(r.findings[0]).toMatchObject({ code: 'smtp.private-target', severity: 'error' });
      expect(r.status).toBe('error');
      const p = await checkSmtpProbe(ctx(), { host: `mx.example.test:${tlsPort}`, timeoutMs: 2000 });
      expect(p.findings[0]!.code).toBe('smtp.private-target');
      expect(connections.length).toBe(before);
    } finally {
      process.env.MXRAY_ALLOW_PRIVATE_TARGETS = '1';
    }
  });

  it('bounds the targets per request and explains a null MX', async () => {
    const many = await checkPort25(ctx(), { targets: ['a.test', 'b.test', 'c.test', 'd.test', 'e.test', 'f.test'] });
    expect(many.findings[0]!.code).toBe('smtp.too-many-hosts');
    const nul = await checkPort25(ctx(), { targets: ['nomail.test'], timeoutMs: 1000 });
    expect(nul.findings[0]!.detail).toMatch(/null MX/);
  });
});

describe('SMTP server probe', () => {
  it('reads banner and EHLO, upgrades with STARTTLS and inspects the certificate; never sends MAIL FROM', async () => {
    const r = await checkSmtpProbe(ctx(), { host: `mx.example.test:${tlsPort}`, timeoutMs: 5000 });
    const d = r.data as SmtpProbeData;
    const p = d.probe!;
    expect(p.bannerCode).toBe(220);
    expect(p.bannerName).toBe('mx.example.test');
    expect(p.ehloName).toBe('mx.example.test');
    expect(p.starttlsOffered).toBe(true);
    expect(p.tls).toMatchObject({ names: ['mx.example.test'], selfSigned: true, trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT', checkedName: 'mx.example.test', nameMatches: true });
    expect(p.tls!.daysLeft).toBeGreaterThanOrEqual(28);
    expect(p.extensionsAfterTls).not.toContain('STARTTLS');
    expect(d.names).toMatchObject({ ptr: ['mx.example.test'], confirmed: ['mx.example.test'], bannerMatches: true, ehloMatches: true });
    const codes = r.findings.map((f) => f.code);
    expect(codes).toEqual(['smtp.greeting', 'smtp.starttls-ok', 'smtp.cert-untrusted', 'smtp.fcrdns-ok']);
    expect(r.status).toBe('warn');
    expect(mailFrom).toEqual([]);
  });

  it('trusts the certificate when its CA is trusted, and flags a name it does not cover', async () => {
    const ok = await checkSmtpProbe(ctx(), { host: `mx.example.test:${tlsPort}`, timeoutMs: 5000, ca: [cert] });
    expect((ok.data as SmtpProbeData).probe!.tls).toMatchObject({ trusted: true });
    expect(ok.status).toBe('pass');
    const other = await checkSmtpProbe(ctx(), { host: `other.example.test:${tlsPort}`, timeoutMs: 5000, ca: [cert] });
    expect((other.data as SmtpProbeData).probe!.tls).toMatchObject({ checkedName: 'other.example.test', nameMatches: false });
    expect(other.findings.map((f) => f.code)).toContain('smtp.cert-name-mismatch');
  });

  it('flags a server without STARTTLS (smtp-sink) and a greeting name that is not the PTR name', async () => {
    const r0 = await checkSmtpProbe(ctx(), { host: `mx.example.test:${sinkPort}`, timeoutMs: 5000 });
    expect(r0.findings.map((f) => f.code)).toContain(((r0.data as SmtpProbeData).probe!.starttlsOffered ? 'smtp.starttls-ok' : 'smtp.no-starttls'));
    dns.set('1.0.0.127.in-addr.arpa', { PTR: ['other.example.test'] });
    try {
      const r = await checkSmtpProbe(ctx(), { host: `mx.example.test:${sinkPort}`, timeoutMs: 5000 });
      const d = r.data as SmtpProbeData;
      expect(d.names).toMatchObject({ confirmed: ['other.example.test'], bannerMatches: false, ehloMatches: false });
      expect(r.findings.find((f) => f.code === 'smtp.greeting-name-mismatch')?.detail).toMatch(/banner name mx\.example\.test and EHLO name mx\.example\.test differ from the PTR name other\.example\.test/);
      dns.set('1.0.0.127.in-addr.arpa', undefined);
      const none = await checkSmtpProbe(ctx(), { host: `mx.example.test:${sinkPort}`, timeoutMs: 5000 });
      expect(none.findings.map((f) => f.code)).toContain('smtp.no-ptr');
      expect(none.status).toBe('fail');
    } finally {
      dns.set('1.0.0.127.in-addr.arpa', { PTR: ['mx.example.test'] });
    }
  });

  it('probes every MX host of a mail domain, in preference order, and says which server each finding is about', async () => {
    const before = connections.length;
    const r = await checkSmtpProbe(ctx(), { host: `two-mx.test:${tlsPort}`, timeoutMs: 5000, ca: [cert] });
    const d = r.data as SmtpProbeData;
    expect(connections.length - before).toBe(2); // the duplicate MX record is probed once
    expect(d.mxHost).toBe('mx.example.test');
    expect(d.probe!.tls).toMatchObject({ trusted: true, nameMatches: true });
    expect(d.others).toHaveLength(1);
    expect(d.others![0]).toMatchObject({ mxHost: 'other.example.test', ip: '127.0.0.1', status: 'warn' });
    expect(d.others![0]!.probe!.tls).toMatchObject({ checkedName: 'other.example.test', nameMatches: false });
    const mismatch = r.findings.filter((f) => f.code === 'smtp.cert-name-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]!.detail).toMatch(/^other\.example\.test: The certificate names \(mx\.example\.test\) do not cover other\.example\.test/);
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/Other MX hosts: other\.example\.test warn\.$/);
    expect(mailFrom).toEqual([]);
  });

  it('reports an MX host without an address or with a private one next to the servers it could reach', async () => {
    delete process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
    try {
      // 127.0.0.1 is refused too now: every server is "not probed", none is contacted.
      const before = connections.length;
      const r = await checkSmtpProbe(ctx(), { host: `three-mx.test:${tlsPort}`, timeoutMs: 2000 });
      expect(connections.length).toBe(before);
      expect(r.status).toBe('error');
      const d = r.data as SmtpProbeData;
      expect(d.others!.map((o) => [o.mxHost, o.status])).toEqual([['gone.example.test', 'error'], ['lan.example.test', 'error']]);
      expect(r.findings.map((f) => f.code)).toEqual(['smtp.private-target', 'smtp.not-resolved', 'smtp.private-target']);
      expect(r.findings[1]!.detail).toMatch(/^gone\.example\.test: gone\.example\.test does not exist/);
    } finally {
      process.env.MXRAY_ALLOW_PRIVATE_TARGETS = '1';
    }
  });

  it('reports an unreachable server within the deadline', async () => {
    const t0 = Date.now();
    const r = await checkSmtpProbe(ctx(), { host: `127.0.0.1:${blackholePort}`, timeoutMs: 700 });
    expect(Date.now() - t0).toBeLessThan(700 + 1500);
    expect(r.status).toBe('fail');
    expect(r.findings[0]).toMatchObject({ code: 'smtp.unreachable' });
    expect(r.summary).toMatch(/timed out/);
  });
});
