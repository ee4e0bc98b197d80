/** `mxray analyze <file|-> [--json]` in-process, DNS from the test server via MXRAY_DNS_SERVERS. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dkimSign } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/lib/cli/main';
import type { Io } from '@/lib/cli/args';
import { TestDnsServer } from '../support/dns-server';

const key = generateKeyPairSync('ed25519');
const pub = key.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
let dns: TestDnsServer;
const saved = { ...process.env };
const dir = mkdtempSync(path.join(tmpdir(), 'mxray-analyze-'));

beforeAll(async () => {
  dns = await new TestDnsServer({
    zone: {
      's1._domainkey.cli.test': { TXT: [`v=DKIM1; k=ed25519; p=${pub}`] },
      'cli.test': { TXT: ['v=spf1 ip4:192.0.2.77 -all'] },
      '_dmarc.cli.test': { TXT: ['v=DMARC1; p=reject'] },
    },
  }).start();
  process.env.MXRAY_DNS_SERVERS = dns.address;
  process.env.MXRAY_DNS_TIMEOUT_MS = '1000';
});
afterAll(async () => {
  process.env = saved;
  await dns.stop();
});

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const handle: Io = { out: (s) => out.push(s), err: (s) => err.push(s), stdin: async () => Buffer.from(stdin), color: false };
  return { handle, out, err };
}

async function message(): Promise<string> {
  const body = 'From: Carol <carol@cli.test>\r\nTo: dave@receiver.test\r\nSubject: CLI\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\nMessage-ID: <c@cli.test>\r\n\r\nHi.\r\n';
  const res = (await dkimSign(body, { signatureData: [{ signingDomain: 'cli.test', selector: 's1', privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, algorithm: 'ed25519-sha256' }] } as never)) as unknown as { signatures: string };
  return 'Received: from out.cli.test (out.cli.test [192.0.2.77]) by mx.receiver.test with ESMTPS id 1; Mon, 01 Jan 2024 10:00:01 +0000\r\nReturn-Path: <bounce@cli.test>\r\n' + res.signatures + body;
}

describe('mxray analyze', () => {
  it('--json gives receiver, verified, hops and findings; exit 0 when nothing fails', async () => {
    const file = path.join(dir, 'ok.eml');
    writeFileSync(file, await message());
    const { handle, out } = io();
    expect(await main(['analyze', file, '--json'], handle)).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json).toMatchObject({ receiver: { dkim: [] }, verified: { spf: { result: 'pass' }, dkim: [{ result: 'pass', domain: 'cli.test' }], dmarc: { result: 'pass' }, arc: { result: 'none' } } });
    expect(json.hops[0]).toMatchObject({ from: 'out.cli.test', by: 'mx.receiver.test', at: '2024-01-01T10:00:01.000Z' });
    expect(Array.isArray(json.findings)).toBe(true);
  });
  it('reads standard input with "-" and prints the side-by-side table; exit 1 when a verified result fails', async () => {
    const tampered = (await message()).replace('Hi.', 'Hi, changed.');
    const { handle, out } = io(tampered);
    expect(await main(['analyze', '-'], handle)).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/receiver said\s+mxray verified/);
    expect(text).toMatch(/DKIM\s+—\s+fail d=cli\.test/);
    expect(text).toMatch(/body hash did not verify/);
  });
  it('exit 2 on bad input and usage errors', async () => {
    const empty = path.join(dir, 'empty.eml');
    writeFileSync(empty, '');
    const a = io();
    expect(await main(['analyze', empty], a.handle)).toBe(2);
    expect(a.out.join('\n')).toMatch(/empty/);
    const b = io();
    expect(await main(['analyze', path.join(dir, 'missing.eml')], b.handle)).toBe(2);
    expect(b.err.join('\n')).toMatch(/cannot read .*ENOENT/);
    const c = io();
    expect(await main(['analyze'], c.handle)).toBe(2);
    const d = io();
    expect(await main(['analyze', '-', '--bogus'], d.handle)).toBe(2);
  });
});
