/**
 * Inbound SMTP throughput: Postfix's smtp-source sends the same load to
 *   1. Postfix's smtp-sink (the ceiling for any listener on this machine),
 *   2. a bare smtp-server sink (same library as mxray, no work per message),
 *   3. mxray's listener with verification on and every message stored,
 *   4. Postfix's own durable intake (smtpd → cleanup → fsynced queue file → discard), a temporary
 *      instance, the peer figure for "verified and stored before the 250",
 * in the same run, with connection reuse (smtp-source -d) and one connection per message.
 * Ratios, not absolute numbers, are the result: they survive a noisy machine. Both Node listeners get
 * the same warm-up, their reuse rounds alternate, and each row carries the listener's CPU time per
 * message, which shows where a gap comes from.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestDnsServer } from '../test/support/dns-server';
import { cpuMs, freePort, nodeChildOf, peakRssMiB, run, stop, waitForPort } from './support/proc';
import { exitAfterFlush } from './support/exit';
import { INTAKE_DOMAIN, postfixIntakeUnavailable, startPostfixIntake } from './support/postfix-intake';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

export interface SmtpBenchRow {
  target: string;
  mode: 'reuse' | 'per-message';
  messages: number;
  sessions: number;
  seconds: number;
  perSecond: number;
  /** CPU time of the listener process (all its threads, user + system) per message, when known. */
  cpuMsPerMessage?: number;
}

export interface SmtpBenchResult {
  rows: SmtpBenchRow[];
  /** Median over the alternating rounds of mxray ÷ bare smtp-server with connection reuse. */
  ratioVsBareReuse: number;
  /** Each round's ratio, to show the spread. */
  ratiosVsBareReuse: number[];
  /** Median ratio of the bare sink plus a durable commit per message (no verification) ÷ bare sink. */
  storeOnlyRatioVsBareReuse: number;
  /** Median ratio of mxray ÷ that store-only sink: what verification and the real report cost. */
  ratioVsStoreOnlyReuse: number;
  ratioVsSmtpSinkReuse: number;
  ratioVsBarePerMessage: number;
  /** mxray (reuse, all rounds) ÷ Postfix's durable intake (reuse); > 1 means mxray answers faster. */
  ratioVsPostfixIntakeReuse?: number;
  /** Why the Postfix durable-intake row did not run, when it did not. */
  postfixIntakeSkipped?: string;
  /** Messages the Postfix instance handed to its discard transport ÷ sent to it. */
  postfixIntakeDelivered?: { delivered: number; sent: number };
  mxrayPeakRssMiB?: number;
  stored: number;
  sent: number;
  allStored: boolean;
}

const SENDER = 'bench@sender.bench.example';
/** Messages each Node listener gets before measuring, so both are measured with their JIT warm. */
const WARM_UP = 3000;
const ROUNDS = 7;
const STORE_ONLY = 'bare smtp-server + durable commit';
const POSTFIX_INTAKE = 'postfix durable intake (queue → discard)';
/** Postfix is C, but its smtpd processes are spawned on demand: one short pass starts them. */
const POSTFIX_WARM_UP = 200;
const POSTFIX_ROUNDS = 3;

async function source(port: number, to: string, messages: number, sessions: number, reuse: boolean): Promise<number> {
  // -l: message size in bytes; -d: keep the connection open for the next message.
  const args = [...(reuse ? ['-d'] : []), '-s', String(sessions), '-m', String(messages), '-l', '2000', '-M', 'client.bench.example', '-f', SENDER, '-t', to, `127.0.0.1:${port}`];
  const r = await run('/usr/sbin/smtp-source', args, { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`smtp-source failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  if (r.stderr.trim()) process.stderr.write(`smtp-source: ${r.stderr.slice(0, 300)}\n`);
  return r.ms / 1000;
}

/** Sends the load and measures the listener's CPU time (Linux /proc) over the same interval. */
async function measure(target: string, mode: SmtpBenchRow['mode'], pid: number | (() => number | undefined) | undefined, port: number, to: string, messages: number, sessions: number): Promise<SmtpBenchRow> {
  const cpuNow = () => (typeof pid === 'function' ? pid() : pid ? cpuMs(pid) : undefined);
  const before = cpuNow();
  const seconds = await source(port, to, messages, sessions, mode === 'reuse');
  const after = cpuNow();
  const cpu = before !== undefined && after !== undefined ? (after - before) / messages : undefined;
  return { target, mode, messages, sessions, seconds, perSecond: messages / seconds, ...(cpu !== undefined ? { cpuMsPerMessage: cpu } : {}) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Mean of several rows of one target and mode, as one row. */
function combine(rows: SmtpBenchRow[]): SmtpBenchRow {
  const first = rows[0]!;
  const messages = rows.reduce((a, r) => a + r.messages, 0);
  const seconds = rows.reduce((a, r) => a + r.seconds, 0);
  const cpu = rows.every((r) => r.cpuMsPerMessage !== undefined) ? rows.reduce((a, r) => a + r.cpuMsPerMessage! * r.messages, 0) / messages : undefined;
  return { ...first, messages, seconds, perSecond: messages / seconds, ...(cpu !== undefined ? { cpuMsPerMessage: cpu } : {}) };
}

export async function benchSmtp(opts: { messages?: number; perMessageMessages?: number; sessions?: number } = {}): Promise<SmtpBenchResult> {
  const messages = opts.messages ?? 2000;
  const perMessage = opts.perMessageMessages ?? 400;
  const sessions = opts.sessions ?? 20;
  const rows: SmtpBenchRow[] = [];

  // 1. Postfix smtp-sink: the ceiling for any listener on this machine (C, no JIT to warm).
  const sinkPort = await freePort();
  const sink = spawn('/usr/sbin/smtp-sink', ['-u', 'root', `127.0.0.1:${sinkPort}`, '256'], { stdio: 'ignore' });
  await waitForPort(sinkPort);
  rows.push(await measure('postfix smtp-sink', 'reuse', sink.pid, sinkPort, 'x@sink.bench.example', messages, sessions));
  rows.push(await measure('postfix smtp-sink', 'per-message', sink.pid, sinkPort, 'x@sink.bench.example', perMessage, sessions));
  await stop(sink);

  // 1b. Postfix's own durable intake: what a mature MTA does per message before its 250 (smtpd,
  // cleanup, an fsynced queue file), then relayed to discard. A temporary instance on a free port.
  const postfixIntakeSkipped = postfixIntakeUnavailable();
  let postfixIntakeDelivered: SmtpBenchResult['postfixIntakeDelivered'];
  if (!postfixIntakeSkipped) {
    const intake = await startPostfixIntake(await freePort());
    try {
      await waitForPort(intake.port);
      const rcpt = `x@${INTAKE_DOMAIN}`;
      await source(intake.port, rcpt, POSTFIX_WARM_UP, sessions, true);
      const rounds: SmtpBenchRow[] = [];
      for (let i = 0; i < POSTFIX_ROUNDS; i++) rounds.push(await measure(POSTFIX_INTAKE, 'reuse', () => intake.cpuMs(), intake.port, rcpt, messages, sessions));
      rows.push(combine(rounds));
      const sent = POSTFIX_WARM_UP + POSTFIX_ROUNDS * messages;
      // The discard transport runs after the 250; give the queue a moment to drain before counting.
      for (let t = 0; t < 100 && intake.delivered() < sent; t++) await new Promise((r) => setTimeout(r, 100));
      postfixIntakeDelivered = { delivered: intake.delivered(), sent };
    } finally {
      await intake.stop();
    }
  } else {
    process.stderr.write(`smtp bench: Postfix durable-intake row skipped: ${postfixIntakeSkipped}\n`);
  }

  // 2. and 3. run side by side, so their rounds can alternate: a burst of noise on the machine then
  // hits both sides of one ratio, and the median of the rounds' ratios is the result.
  const barePort = await freePort();
  const bare = spawn(tsx, [path.join(root, 'bench', 'support', 'bare-sink.ts')], { env: { ...process.env, SMTP_PORT: String(barePort) }, stdio: 'ignore' });

  // mxray listener: real verification against a local DNS server, real SQLite file.
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
  const storePort = await freePort();
  const storeSink = spawn(tsx, [path.join(root, 'bench', 'support', 'store-sink.ts')], { env: { ...env, SMTP_PORT: String(storePort) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const mxPort = await freePort();
  // One local sender at full speed is what this measures: the per-sender limits would only refuse it.
  const mx = spawn(tsx, [path.join(root, 'bin', 'smtp.ts')], { env: { ...env, SMTP_PORT: String(mxPort), SMTP_HOST: '127.0.0.1', MXRAY_SMTP_MAX_CLIENTS_PER_IP: '0', MXRAY_SMTP_MESSAGES_PER_MIN_PER_IP: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
  // tsx runs the script in a child node process; that process is the listener whose CPU is counted.
  const listenerPid = (p: number | undefined) => (p ? nodeChildOf(p) ?? p : undefined);
  let mxrayPeakRssMiB: number | undefined;
  const ratios: number[] = [];
  const storeRatios: number[] = [];
  const vsStoreRatios: number[] = [];
  try {
    await waitForPort(barePort);
    await waitForPort(mxPort, 60_000);
    await waitForPort(storePort, 60_000);
    const barePid = listenerPid(bare.pid);
    const storePid = listenerPid(storeSink.pid);
    const mxPid = listenerPid(mx.pid);
    // Warm-up outside the measurement, the same for both: module loading, JIT, first DNS answers, SQLite pages.
    await source(barePort, 'x@bare.bench.example', WARM_UP, sessions, true);
    await source(mxPort, to, WARM_UP, sessions, true);
    await source(storePort, 'x@store.bench.example', WARM_UP, sessions, true);
    const bareRounds: SmtpBenchRow[] = [];
    const storeRounds: SmtpBenchRow[] = [];
    const mxRounds: SmtpBenchRow[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bareRounds.push(await measure('bare smtp-server', 'reuse', barePid, barePort, 'x@bare.bench.example', messages, sessions));
      storeRounds.push(await measure(STORE_ONLY, 'reuse', storePid, storePort, 'x@store.bench.example', messages, sessions));
      mxRounds.push(await measure('mxray listener', 'reuse', mxPid, mxPort, to, messages, sessions));
      ratios.push(mxRounds[i]!.perSecond / bareRounds[i]!.perSecond);
      storeRatios.push(storeRounds[i]!.perSecond / bareRounds[i]!.perSecond);
      vsStoreRatios.push(mxRounds[i]!.perSecond / storeRounds[i]!.perSecond);
    }
    rows.push(combine(bareRounds), combine(storeRounds), combine(mxRounds));
    rows.push(await measure('bare smtp-server', 'per-message', barePid, barePort, 'x@bare.bench.example', perMessage, sessions));
    rows.push(await measure('mxray listener', 'per-message', mxPid, mxPort, to, perMessage, sessions));
    mxrayPeakRssMiB = mxPid ? peakRssMiB(mxPid) : undefined;
  } finally {
    await stop(mx);
    await stop(storeSink);
    await stop(bare);
    await dns.stop();
  }
  const stored = await countReports('inbound');
  // The store-only sink writes to the same table: its messages count too.
  const sent = 2 * (WARM_UP + ROUNDS * messages) + perMessage;
  const rate = (t: string, m: SmtpBenchRow['mode']) => rows.find((r) => r.target === t && r.mode === m)!.perSecond;
  const hasIntake = rows.some((r) => r.target === POSTFIX_INTAKE);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    rows,
    ratioVsBareReuse: median(ratios),
    ratiosVsBareReuse: ratios,
    storeOnlyRatioVsBareReuse: median(storeRatios),
    ratioVsStoreOnlyReuse: median(vsStoreRatios),
    ratioVsSmtpSinkReuse: rate('mxray listener', 'reuse') / rate('postfix smtp-sink', 'reuse'),
    ratioVsBarePerMessage: rate('mxray listener', 'per-message') / rate('bare smtp-server', 'per-message'),
    ...(hasIntake ? { ratioVsPostfixIntakeReuse: rate('mxray listener', 'reuse') / rate(POSTFIX_INTAKE, 'reuse') } : {}),
    ...(postfixIntakeSkipped ? { postfixIntakeSkipped } : {}),
    ...(postfixIntakeDelivered ? { postfixIntakeDelivered } : {}),
    mxrayPeakRssMiB,
    stored,
    sent,
    allStored: stored === sent,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchSmtp().then(
    (r) => {
      console.table(r.rows.map((x) => ({ ...x, seconds: x.seconds.toFixed(2), perSecond: x.perSecond.toFixed(0), cpuMsPerMessage: x.cpuMsPerMessage?.toFixed(3) })));
      console.log(`mxray ÷ bare smtp-server (reuse): ${r.ratioVsBareReuse.toFixed(2)}, median of rounds ${r.ratiosVsBareReuse.map((x) => x.toFixed(2)).join(', ')}   (target ≥ 0.8)`);
      console.log(`bare + durable commit only ÷ bare smtp-server (reuse): ${r.storeOnlyRatioVsBareReuse.toFixed(2)}`);
      console.log(`mxray ÷ (bare + durable commit only) (reuse): ${r.ratioVsStoreOnlyReuse.toFixed(2)}`);
      console.log(`mxray ÷ postfix smtp-sink (reuse): ${r.ratioVsSmtpSinkReuse.toFixed(2)}`);
      console.log(`mxray ÷ bare smtp-server (one connection per message): ${r.ratioVsBarePerMessage.toFixed(2)}`);
      if (r.ratioVsPostfixIntakeReuse !== undefined) {
        console.log(`mxray ÷ postfix durable intake (reuse): ${r.ratioVsPostfixIntakeReuse.toFixed(2)}   (target > 1: mxray verifies and stores each message before its 250 faster than Postfix queues it); postfix discarded ${r.postfixIntakeDelivered?.delivered} of ${r.postfixIntakeDelivered?.sent}`);
      } else console.log(`mxray ÷ postfix durable intake: skipped (${r.postfixIntakeSkipped})`);
      console.log(`stored ${r.stored} of ${r.sent} sent: ${r.allStored ? 'all stored' : 'MISSING MESSAGES'}; peak RSS ${r.mxrayPeakRssMiB?.toFixed(0)} MiB`);
      exitAfterFlush(0);
    },
    (e) => {
      console.error(e);
      exitAfterFlush(1);
    },
  );
}
