/**
 * A local mail lab for end-to-end tests, from Debian packages: Postfix as a signing relay with
 * OpenDKIM as its milter, swaks as the client, and mxray's listener as its own process
 * (bin/smtp.ts). Everything binds 127.0.0.1 on free ports and lives in one directory under /srv
 * (OpenDKIM refuses key files below a world-writable directory such as /tmp), so it neither needs
 * nor touches the system Postfix on port 25 and can be removed whole. Stop what you start: every
 * handle has stop(), which ends its processes by pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { canConnect, freePort } from './net';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const root = path.resolve(__dirname, '../..');

export const BIN = {
  swaks: '/usr/bin/swaks',
  postfix: '/usr/sbin/postfix',
  opendkim: '/usr/sbin/opendkim',
  opendkimGenkey: '/usr/sbin/opendkim-genkey',
} as const;

/** Binaries (absolute paths) that are not installed; tests skip loudly when this is not empty. */
export function missingBinaries(paths: string[]): string[] {
  return paths.filter((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/** Says loudly why an e2e suite does not run, so a skipped run is never mistaken for a pass. */
export function announceSkip(suite: string, reason: string): void {
  const line = '!'.repeat(78);
  process.stderr.write(`\n${line}\n!! SKIPPED: ${suite}\n!! ${reason}\n!! Install: apt-get install -y postfix opendkim opendkim-tools swaks (as root)\n${line}\n\n`);
}

export { freePort };

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, deadlineMs = 60_000, everyMs = 200): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion with a deadline; never throws for a non-zero exit. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** swaks with a deadline on every step (--timeout) and on the whole run. */
export function swaks(args: string[], timeoutMs = 90_000): Promise<RunResult> {
  return run(BIN.swaks, ['--timeout', '30', ...args], { timeoutMs });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGone(pid: number, deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (pidAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
}

function readPid(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const uid = Number((await execFileP('id', ['-u', name])).stdout.trim());
  const gid = Number((await execFileP('id', ['-g', name])).stdout.trim());
  return { uid, gid };
}

// ---------------------------------------------------------------------------------------------

export interface ListenerProcess {
  port: number;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * mxray's listener as users run it apart from the dashboard (`npx tsx bin/smtp.ts`), configured
 * only through the environment. SMTP_PORT=0 binds a free port, read back from its start-up line.
 */
export async function startListenerProcess(env: Record<string, string>, deadlineMs = 90_000): Promise<ListenerProcess> {
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'bin', 'smtp.ts')], {
    cwd: root,
    env: { ...process.env, SMTP_HOST: '127.0.0.1', SMTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(t);
  };
  try {
    const port = await waitFor('the listener to report its port', () => {
      if (child.exitCode !== null) throw new Error(`bin/smtp.ts exited with ${child.exitCode}: ${out}`);
      const m = /SMTP listener on [^\s]+:(\d+)/.exec(out);
      return m ? Number(m[1]) : undefined;
    }, deadlineMs);
    return { port, child, output: () => out, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------

export interface LabDir {
  dir: string;
  remove(): void;
}

/** A fresh directory under /srv, traversable by the opendkim and postfix users. */
export function makeLabDir(): LabDir {
  const dir = path.join('/srv', `mxray-lab-${randomBytes(5).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface OpenDkim {
  port: number;
  domain: string;
  selector: string;
  /** The public key record as published: the character-strings of <selector>._domainkey.<domain> TXT. */
  txt: string[];
  stop(): Promise<void>;
}

/** `opendkim-genkey` prints a zone-file line; the record is its quoted strings, in order. */
export function txtFromGenkey(zoneLine: string): string[] {
  return [...zoneLine.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

/** OpenDKIM as a signing milter (Mode s) for mail from 127.0.0.1, with a fresh 2048-bit key. */
export async function startOpenDkim(lab: LabDir, opts: { domain: string; selector: string }): Promise<OpenDkim> {
  const keys = path.join(lab.dir, 'keys');
  fs.mkdirSync(keys, { mode: 0o700 });
  const gen = await run(BIN.opendkimGenkey, ['-b', '2048', '-D', keys, '-d', opts.domain, '-s', opts.selector], { timeoutMs: 60_000 });
  if (gen.code !== 0) throw new Error(`opendkim-genkey failed (${gen.code}): ${gen.stderr}`);
  const txt = txtFromGenkey(fs.readFileSync(path.join(keys, `${opts.selector}.txt`), 'utf8'));
  if (!txt.join('').includes('p=')) throw new Error(`opendkim-genkey wrote no public key: ${txt.join('')}`);
  // OpenDKIM refuses keys that others can read: owner opendkim, mode 700 (mail-lab notes).
  const { uid, gid } = await userIds('opendkim');
  for (const f of [keys, ...fs.readdirSync(keys).map((n) => path.join(keys, n))]) fs.chownSync(f, uid, gid);
  const port = await freePort();
  const pidFile = path.join(lab.dir, 'opendkim.pid');
  const conf = path.join(lab.dir, 'opendkim.conf');
  fs.writeFileSync(conf, [
    'Syslog no',
    'Background yes',
    'Mode s',
    `Domain ${opts.domain}`,
    `Selector ${opts.selector}`,
    `KeyFile ${path.join(keys, `${opts.selector}.private`)}`,
    `Socket inet:${port}@127.0.0.1`,
    `PidFile ${pidFile}`,
    'InternalHosts 127.0.0.1',
    'UserID opendkim',
    'Canonicalization relaxed/simple',
    '',
  ].join('\n'));
  const started = await run(BIN.opendkim, ['-x', conf], { timeoutMs: 30_000 });
  if (started.code !== 0) throw new Error(`opendkim -x ${conf} failed (${started.code}): ${started.stderr}${started.stdout}`);
  const pid = await waitFor('opendkim to write its pid file', () => readPid(pidFile), 20_000);
  const stop = async () => {
    if (pidAlive(pid)) process.kill(pid, 'SIGTERM');
    await waitGone(pid);
  };
  try {
    await waitFor(`opendkim to listen on 127.0.0.1:${port}`, async () => (await canConnect(port)) || undefined, 20_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, domain: opts.domain, selector: opts.selector, txt, stop };
}

export interface Postfix {
  /** The smtpd port mail is submitted to. */
  port: number;
  log(): string;
  stop(): Promise<void>;
}

/**
 * The services Postfix needs to accept mail and relay it, as in Debian's master.cf but without
 * chroot (a chroot needs copies of /etc files in the queue directory). The smtpd service listens
 * on its own loopback port so the system's port 25 is left alone.
 */
function masterCf(smtpdPort: number): string {
  return [
    `127.0.0.1:${smtpdPort} inet n - n - - smtpd`,
    'pickup    unix  n - n 60 1 pickup',
    'cleanup   unix  n - n - 0 cleanup',
    'qmgr      unix  n - n 300 1 qmgr',
    'tlsmgr    unix  - - n 1000? 1 tlsmgr',
    'rewrite   unix  - - n - - trivial-rewrite',
    'bounce    unix  - - n - 0 bounce',
    'defer     unix  - - n - 0 bounce',
    'trace     unix  - - n - 0 bounce',
    'verify    unix  - - n - 1 verify',
    'flush     unix  n - n 1000? 0 flush',
    'proxymap  unix  - - n - - proxymap',
    'proxywrite unix - - n - 1 proxymap',
    'smtp      unix  - - n - - smtp',
    'relay     unix  - - n - - smtp',
    'showq     unix  n - n - - showq',
    'error     unix  - - n - - error',
    'retry     unix  - - n - - error',
    'discard   unix  - - n - - discard',
    'local     unix  - n n - - local',
    'virtual   unix  - n n - - virtual',
    'lmtp      unix  - - n - - lmtp',
    'anvil     unix  - - n - 1 anvil',
    'scache    unix  - - n - 1 scache',
    'postlog   unix-dgram n - n - 1 postlogd',
    '',
  ].join('\n');
}

/**
 * A Postfix instance (its own config, queue and data directories) that relays everything from
 * 127.0.0.0/8 to `relayPort` on 127.0.0.1 and has OpenDKIM sign it: the mail-lab recipe.
 */
export async function startPostfix(lab: LabDir, opts: { domain: string; relayPort: number; milterPort: number }): Promise<Postfix> {
  const etc = path.join(lab.dir, 'postfix');
  const spool = path.join(lab.dir, 'spool');
  const data = path.join(lab.dir, 'data');
  const logFile = path.join(lab.dir, 'postfix.log');
  for (const d of [etc, spool, data]) fs.mkdirSync(d, { recursive: true, mode: 0o755 });
  const { uid, gid } = await userIds('postfix');
  fs.chownSync(data, uid, gid); // master.lock lives here and is created as postfix
  const port = await freePort();
  const milter = `inet:127.0.0.1:${opts.milterPort}`;
  fs.writeFileSync(path.join(etc, 'main.cf'), [
    'compatibility_level = 3.6',
    `queue_directory = ${spool}`,
    `data_directory = ${data}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    `myhostname = mail.${opts.domain}`,
    `mydomain = ${opts.domain}`,
    'myorigin = $mydomain',
    'inet_interfaces = loopback-only',
    'inet_protocols = ipv4',
    'mydestination =',
    'mynetworks = 127.0.0.0/8',
    `relayhost = [127.0.0.1]:${opts.relayPort}`,
    `smtpd_milters = ${milter}`,
    `non_smtpd_milters = ${milter}`,
    'milter_default_action = accept',
    // Postfix only writes logs below the listed prefixes; without it `postfix start` fails silently.
    `maillog_file_prefixes = /var, /dev/stdout, ${lab.dir}`,
    `maillog_file = ${logFile}`,
    'alias_maps =',
    'alias_database =',
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    // Debian's default: opportunistic TLS to the next hop, as users' relays do.
    'smtp_tls_security_level = may',
    'smtpd_peername_lookup = no',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(etc, 'master.cf'), masterCf(port));
  const log = () => {
    try {
      return fs.readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const check = await run(BIN.postfix, ['-c', etc, 'check'], { timeoutMs: 60_000 });
  if (check.code !== 0) throw new Error(`postfix -c ${etc} check failed (${check.code}) ${check.stderr}\n${log()}`);
  const start = await run(BIN.postfix, ['-c', etc, 'start'], { timeoutMs: 60_000 });
  if (start.code !== 0) throw new Error(`postfix -c ${etc} start failed (${start.code}) ${start.stderr}\n${log()}`);
  const pidFile = path.join(spool, 'pid', 'master.pid');
  const stop = async () => {
    const pid = readPid(pidFile);
    await run(BIN.postfix, ['-c', etc, 'stop'], { timeoutMs: 30_000 });
    if (pid) await waitGone(pid);
  };
  try {
    await waitFor(`postfix smtpd on 127.0.0.1:${port}`, async () => (await canConnect(port)) || undefined, 30_000);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${log()}`);
  }
  return { port, log, stop };
}
