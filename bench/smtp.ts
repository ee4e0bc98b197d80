/**
 * Inbound SMTP throughput: Postfix's smtp-source sends the same load to
 *   1. Postfix's smtp-sink (the ceiling for any listener on this machine),
 *   2. a bare smtp-server sink (same library as mxray, no work per message),
 *   3. mxray's listener with verification on and every message stored,
 * in the same run, with connection reuse (smtp-source -d) and one connection per message.
 * Ratios, not absolute numbers, are the result: they survive a noisy machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestDnsServer } from '../test/support/dns-server';
import { freePort, peakRssMiB, run, stop, waitForPort } from './support/proc';
import { exitAfterFlush } from './support/exit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

export interface SmtpBenchRow {
  target: string;
  mode: 'reuse' | 'per-message';
  messages: number;
  sessions: number;
  seconds: number;
  perSecond: number;
}

export interface SmtpBenchResult {
  rows: SmtpBenchRow[];
  ratioVsBareReuse: number;
  ratioVsSmtpSinkReuse: number;
  ratioVsBarePerMessage: number;
  mxrayPeakRssMiB?: number;
  stored: number;
  sent: number;
  allStored: boolean;
}

const SENDER = 'bench@sender.bench.example';

async function source(port: number, to: string, messages: number, sessions: number, reuse: boolean): Promise<number> {
  // -l: message size in bytes; -d: keep the connection open for the next message.
  const args = [...(reuse ? ['-d'] : []), '-s', String(sessions), '-m', String(messages), '-l', '2000', '-M', 'client.bench.example', '-f', SENDER, '-t', to, `127.0.0.1:${port}`];
  const r = await run('/usr/sbin/smtp-source', args, { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`smtp-source failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  if (r.stderr.trim()) process.stderr.write(`smtp-source: ${r.stderr.slice(0, 300)}\n`);
  return r.ms / 1000;
}

function row(target: string, mode: SmtpBenchRow['mode'], messages: number, sessions: number, seconds: number): SmtpBenchRow {
  return { target, mode, messages, sessions, seconds, perSecond: messages / seconds };
}

export async function benchSmtp(opts: { messages?: number; perMessageMessages?: number; sessions?: number } = {}): Promise<SmtpBenchResult> {
  const messages = opts.messages ?? 2000;
  const perMessage = opts.perMessageMessages ?? 400;
  const sessions = opts.sessions ?? 20;
  const rows: SmtpBenchRow[] = [];

  // 1. Postfix smtp-sink
  const sinkPort = await freePort();
  const sink = spawn('/usr/sbin/smtp-sink', ['-u', 'root', `127.0.0.1:${sinkPort}`, '256'], { stdio: 'ignore' });
  await waitForPort(sinkPort);
  rows.push(row('postfix smtp-sink', 'reuse', messages, sessions, await source(sinkPort, 'x@sink.bench.example', messages, sessions, true)));
  rows.push(row('postfix smtp-sink', 'per-message', perMessage, sessions, await source(sinkPort, 'x@sink.bench.example', perMessage, sessions, false)));
  await stop(sink);

  // 2. bare smtp-server sink
  const barePort = await freePort();
  const bare = spawn(tsx, [path.join(root, 'bench', 'support', 'bare-sink.ts')], { env: { ...process.env, SMTP_PORT: String(barePort) }, stdio: 'ignore' });
  await waitForPort(barePort);
  rows.push(row('bare smtp-server', 'reuse', messages, sessions, await source(barePort, 'x@bare.bench.example', messages, sessions, true)));
  rows.push(row('bare smtp-server', 'per-message', perMessage, sessions, await source(barePort, 'x@bare.bench.example', perMessage, sessions, false)));
  await stop(bare);

  // 3. mxray listener: real verification against a local DNS server, real SQLite file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-bench-smtp-'));
  const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
  process.env.DATABASE_URL = databaseUrl;
  const dns = await new TestDnsServer({
    zone: {
      'sender.bench.example': { TXT: ['v=spf1 ip4:127.0.0.0/8 -all'], A: ['127.0.0.1'] },
      '_dmarc.sender.bench.example': { TXT: ['v=DMARC1; p=reject'] },
      'client.bench.example': { A: ['127.0.0.1'] },
    },
  }).start();
  const mailDomain = 'mxray.bench.example';
  const env = { ...process.env, DATABASE_URL: databaseUrl, MXRAY_DNS_SERVERS: dns.address, MXRAY_MAIL_DOMAIN: mailDomain, MXRAY_ALLOW_PRIVATE_TARGETS: '1' };
  const migrate = await run(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], { env });
  if (migrate.code !== 0) throw new Error(`prisma migrate deploy failed: ${migrate.stderr.slice(0, 500)}`);
  const { createTestAddress } = await import('../lib/db/test-addresses');
  const { countReports } = await import('../lib/db/reports');
  const address = await createTestAddress({});
  const to = address.address.replace(/@.*/, `@${mailDomain}`);
  const mxPort = await freePort();
  const mx = spawn(tsx, [path.join(root, 'bin', 'smtp.ts')], { env: { ...env, SMTP_PORT: String(mxPort), SMTP_HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  let mxrayPeakRssMiB: number | undefined;
  try {
    await waitForPort(mxPort, 60_000);
    // Warm-up outside the measurement: module loading, the first DNS answers, SQLite pages.
    await source(mxPort, to, 20, 2, true);
    rows.push(row('mxray listener', 'reuse', messages, sessions, await source(mxPort, to, messages, sessions, true)));
    rows.push(row('mxray listener', 'per-message', perMessage, sessions, await source(mxPort, to, perMessage, sessions, false)));
    mxrayPeakRssMiB = peakRssMiB(mx.pid!);
  } finally {
    await stop(mx);
    await dns.stop();
  }
  const stored = await countReports('inbound');
  const sent = 20 + messages + perMessage;
  const rate = (t: string, m: SmtpBenchRow['mode']) => rows.find((r) => r.target === t && r.mode === m)!.perSecond;
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    rows,
    ratioVsBareReuse: rate('mxray listener', 'reuse') / rate('bare smtp-server', 'reuse'),
    ratioVsSmtpSinkReuse: rate('mxray listener', 'reuse') / rate('postfix smtp-sink', 'reuse'),
    ratioVsBarePerMessage: rate('mxray listener', 'per-message') / rate('bare smtp-server', 'per-message'),
    mxrayPeakRssMiB,
    stored,
    sent,
    allStored: stored === sent,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchSmtp().then(
    (r) => {
      console.table(r.rows.map((x) => ({ ...x, seconds: x.seconds.toFixed(2), perSecond: x.perSecond.toFixed(0) })));
      console.log(`mxray ÷ bare smtp-server (reuse): ${r.ratioVsBareReuse.toFixed(2)}   (target ≥ 0.8)`);
      console.log(`mxray ÷ postfix smtp-sink (reuse): ${r.ratioVsSmtpSinkReuse.toFixed(2)}`);
      console.log(`mxray ÷ bare smtp-server (one connection per message): ${r.ratioVsBarePerMessage.toFixed(2)}`);
      console.log(`stored ${r.stored} of ${r.sent} sent: ${r.allStored ? 'all stored' : 'MISSING MESSAGES'}; peak RSS ${r.mxrayPeakRssMiB?.toFixed(0)} MiB`);
      exitAfterFlush(0);
    },
    (e) => {
      console.error(e);
      exitAfterFlush(1);
    },
  );
}
