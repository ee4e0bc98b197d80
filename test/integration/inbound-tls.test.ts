/**
 * STARTTLS on the test-address listener with the operator's own certificate (MXRAY_SMTP_TLS_CERT /
 * MXRAY_SMTP_TLS_KEY): mxray's own SMTP probe, a real TLS client, checks which certificate the real
 * listener presents, including after the files are replaced by a renewal. Certificates are made with
 * the openssl CLI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundServer, type InboundServer } from '@/lib/inbound/server';
import { inboundConfigFromEnv } from '@/lib/inbound/config';
import { probeSmtp } from '@/lib/smtp/probe';

let dir: string;
const pair = (name: string) => ({ cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) });

function makeCert(name: string, host: string): void {
  const p = pair(name);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p.key, '-out', p.cert, '-days', '30', '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`], { stdio: 'ignore' });
}

async function presented(server: InboundServer, servername: string, ca: string[]) {
  const probe = await probeSmtp({ ip: '127.0.0.1', port: server.port, timeoutMs: 5000, starttls: true, servername, ca });
  return probe.tls;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-inbound-tls-'));
  makeCert('a', 'mx-a.test');
  makeCert('b', 'mx-b.test');
  fs.writeFileSync(path.join(dir, 'junk.crt'), 'not a certificate\n');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the listener presents the configured certificate on STARTTLS', () => {
  it('uses the PEM pair, and picks up a renewed pair without a restart', async () => {
    const live = { certFile: path.join(dir, 'live.crt'), keyFile: path.join(dir, 'live.key') };
    fs.copyFileSync(pair('a').cert, live.certFile);
    fs.copyFileSync(pair('a').key, live.keyFile);
    const logs: string[] = [];
    const server = await startInboundServer({ port: 0, host: '127.0.0.1', mailDomain: 'mxray.test', tls: live, tlsReloadMs: 100, log: (l) => logs.push(l) });
    try {
      const caA = fs.readFileSync(pair('a').cert, 'utf8');
      const caB = fs.readFileSync(pair('b').cert, 'utf8');
      const first = await presented(server, 'mx-a.test', [caA]);
      expect(first).toMatchObject({ trusted: true, names: ['mx-a.test'], nameMatches: true, selfSigned: true });
      expect(logs.join('\n')).toMatch(/STARTTLS certificate for mx-a\.test, valid until \d{4}-\d\d-\d\d/);

      // A renewal writes new files in place (key first here, so one poll may see a mismatched pair).
      fs.copyFileSync(pair('b').key, live.keyFile);
      fs.copyFileSync(pair('b').cert, live.certFile);
      let names: string[] | undefined;
      for (let i = 0; i < 50 && names?.[0] !== 'mx-b.test'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        names = (await presented(server, 'mx-b.test', [caB]))?.names;
      }
      expect(names).toEqual(['mx-b.test']);
      expect(await presented(server, 'mx-b.test', [caB])).toMatchObject({ trusted: true, nameMatches: true });
      expect(logs.some((l) => /^reloaded: STARTTLS certificate for mx-b\.test/.test(l))).toBe(true);

      // A broken replacement is refused and the working certificate stays.
      fs.copyFileSync(path.join(dir, 'junk.crt'), live.certFile);
      for (let i = 0; i < 50 && !logs.some((l) => /not loaded/.test(l)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(logs.find((l) => /not loaded/.test(l))).toMatch(/previous one stays in use: MXRAY_SMTP_TLS_CERT: .*live\.crt does not hold a PEM certificate/);
      expect((await presented(server, 'mx-b.test', [caB]))?.names).toEqual(['mx-b.test']);
    } finally {
      await server.close();
    }
  });

  it('without a configured pair, offers STARTTLS with a self-signed certificate no CA vouches for', async () => {
    const server = await startInboundServer({ port: 0, host: '127.0.0.1', mailDomain: 'mxray.test', log: () => {} });
    try {
      const t = await presented(server, 'mx-a.test', [fs.readFileSync(pair('a').cert, 'utf8')]);
      expect(t).toBeDefined();
      expect(t!.trusted).toBe(false);
      expect(t!.names).not.toContain('mx-a.test');
    } finally {
      await server.close();
    }
  });
});

describe('a bad certificate setting stops startup with the reason', () => {
  const start = (certFile: string, keyFile: string) => startInboundServer({ port: 0, host: '127.0.0.1', mailDomain: 'mxray.test', tls: { certFile, keyFile }, log: () => {} });

  it('names the setting and the file', async () => {
    await expect(start(pair('a').cert, pair('b').key)).rejects.toThrow(/^MXRAY_SMTP_TLS_KEY: the key in .*b\.key does not belong to the certificate in .*a\.crt$/);
    await expect(start(path.join(dir, 'missing.crt'), pair('a').key)).rejects.toThrow(/^MXRAY_SMTP_TLS_CERT: cannot read .*missing\.crt \(no such file\)$/);
    await expect(start(path.join(dir, 'junk.crt'), pair('a').key)).rejects.toThrow(/does not hold a PEM certificate/);
    await expect(start(pair('a').cert, pair('a').cert)).rejects.toThrow(/^MXRAY_SMTP_TLS_KEY: .*a\.crt is not a usable PEM private key/);
  });

  it('refuses one of the two variables without the other', () => {
    expect(() => inboundConfigFromEnv({ MXRAY_SMTP_TLS_CERT: '/etc/ssl/mx.pem' })).toThrow(/set both MXRAY_SMTP_TLS_CERT and MXRAY_SMTP_TLS_KEY .*only MXRAY_SMTP_TLS_CERT is set/);
    expect(inboundConfigFromEnv({ MXRAY_SMTP_TLS_CERT: '/a.pem', MXRAY_SMTP_TLS_KEY: '/a.key' }).tls).toEqual({ certFile: '/a.pem', keyFile: '/a.key' });
    expect(inboundConfigFromEnv({}).tls).toBeUndefined();
  });
});
