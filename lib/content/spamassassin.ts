/**
 * SpamAssassin through a spamd that mxray starts itself, on a Unix socket in a private temporary
 * folder, with only local tests: no network rules (-L, skip_rbl_checks: DNS-based listings are
 * mxray's own DNSBL layer's job), no Bayes, no auto-learning, no user preferences (-x). mxray
 * speaks spamc's protocol (SPAMC/1.5 REPORT) on that socket itself, so there is no process per
 * message. When spamd is not installed or MXRAY_SPAMASSASSIN=off, every scan answers
 * "unavailable" with the sentence to show.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SpamAssassinResult, SpamRule } from './types';

export const UNAVAILABLE = 'Content checks unavailable: install spamassassin (Debian: apt install spamassassin spamd) and restart mxray.';

/** spamc's default: larger messages are not scanned (SpamAssassin gets slow and they are rarely spam). */
export const MAX_SCAN_BYTES = 512 * 1024;

const LOCAL_CF = [
  '# Written by mxray: offline, deterministic scoring.',
  'use_bayes 0',
  'bayes_auto_learn 0',
  'skip_rbl_checks 1',
  'use_razor2 0',
  'use_pyzor 0',
  'use_dcc 0',
  'use_auto_whitelist 0',
  'report_safe 0',
  '',
].join('\n');

export interface SpamdSettings {
  /** "auto" (spamd on PATH), "off", or the path of the spamd program. */
  mode: string;
  timeoutMs: number;
}

export function spamdSettingsFromEnv(env: Record<string, string | undefined> = process.env): SpamdSettings {
  const t = Number(env.MXRAY_SPAMD_TIMEOUT_MS ?? 20000);
  return { mode: (env.MXRAY_SPAMASSASSIN ?? 'auto').trim() || 'auto', timeoutMs: Number.isFinite(t) && t > 0 ? t : 20000 };
}

/** The spamd program to run, or undefined when there is none (or it is switched off). */
export function findSpamd(mode: string, envPath = process.env.PATH ?? ''): string | undefined {
  if (mode === 'off' || mode === '0') return undefined;
  const candidates = mode === 'auto' || mode === '1' ? envPath.split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'spamd')) : [mode];
  return candidates.find((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The rules table of a REPORT answer: " 1.0 SHORT_SHORTNER  Short body with …", wrapped lines joined. */
export function parseReport(body: string): SpamRule[] {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => /^-{3,}\s+-{3,}/.test(l));
  if (start < 0) return [];
  const rules: SpamRule[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/.exec(line);
    if (m) rules.push({ points: Number(m[1]), name: m[2]!, description: m[3]!.trim() });
    else if (/^\s{5,}\S/.test(line) && rules.length) rules[rules.length - 1]!.description += ` ${line.trim()}`;
    else if (line.trim() === '') continue;
    else break;
  }
  return rules;
}

/** "Spam: False ; 4.3 / 5.0" */
export function parseSpamHeader(value: string): { score: number; required: number } | undefined {
  const m = /;\s*(-?\d+(?:\.\d+)?)\s*\/\s*(-?\d+(?:\.\d+)?)/.exec(value);
  return m ? { score: Number(m[1]), required: Number(m[2]) } : undefined;
}

/** `sh -c SUPERVISE spamd args…`: spamd in the background, stopped when our stdin closes. */
// (A background list's stdin is /dev/null in sh, so the pipe is kept as fd 3 for the watcher.)
// spamd gets its own process group (setsid), so that a spamd still loading its rules, which may not
// act on SIGTERM yet, goes with its children 5 s later by SIGKILL to the group.
const SUPERVISE = 'exec 3<&0; nice -n 10 setsid "$0" "$@" </dev/null 3<&- & pid=$!; (read _ <&3; kill -TERM $pid 2>/dev/null; sleep 5; kill -KILL -- -$pid 2>/dev/null) & exec 3<&-; wait $pid';

/** A spamd this process started. */
export class Spamd {
  private child: ChildProcess | undefined;
  private dir: string | undefined;
  private exited: string | undefined;
  readonly socketPath: string | undefined;

  constructor(readonly program: string | undefined, readonly settings: SpamdSettings) {
    if (!program) return;
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'mxray-spamd-'));
    this.socketPath = path.join(this.dir, 'spamd.sock');
    const site = path.join(this.dir, 'site');
    const home = path.join(this.dir, 'home');
    // The system's .pre files load SpamAssassin's plugins; local.cf is ours alone.
    // Run as root, spamd scans as "nobody": the configuration must be readable by others (the
    // socket itself stays 0600, so only this user can ask spamd anything).
    chmodSync(this.dir, 0o755);
    mkdirSync(site, { mode: 0o755 });
    mkdirSync(home, { mode: 0o755 });
    const system = '/etc/spamassassin';
    if (existsSync(system)) for (const f of readdirSync(system).filter((n) => n.endsWith('.pre'))) copyFileSync(path.join(system, f), path.join(site, f));
    writeFileSync(path.join(site, 'local.cf'), LOCAL_CF);
    const args = ['-L', '-x', `--socketpath=${this.socketPath}`, '--socketmode=0600', `--siteconfigpath=${site}`, `--helper-home-dir=${home}`, '--max-children=2', '--min-children=1', '--syslog=stderr', '--timeout-child=30'];
    // spamd must not outlive mxray, however mxray ends (a SIGKILL, a test worker torn down): a
    // small shell holds the read end of a pipe whose write end only mxray holds, and stops spamd
    // when it closes. spamd runs niced: content checks come after the 250 and may wait, receiving
    // mail may not. The shell's exit is spamd's exit, so a crash of spamd is still seen.
    const child = spawn('/bin/sh', ['-c', SUPERVISE, program, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin?.on('error', () => {}); // the shell already gone: nothing left to stop
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-4000);
    });
    child.on('error', (e) => (this.exited = `spamd could not start: ${e.message}`));
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').filter((l) => !/ info: /.test(l)).pop();
      this.exited ??= `spamd exited (${signal ?? `code ${code}`})${last ? `: ${last.slice(0, 200)}` : ''}`;
    });
    this.child = child;
  }

  get available(): boolean {
    return !!this.child && this.exited === undefined;
  }

  /** Scan one message; never throws. */
  async scan(message: Buffer): Promise<SpamAssassinResult> {
    if (!this.program) return { state: 'unavailable', reason: this.settings.mode === 'off' ? 'Content checks by SpamAssassin are switched off (MXRAY_SPAMASSASSIN=off).' : UNAVAILABLE };
    if (this.exited) return { state: 'error', reason: this.exited };
    if (message.length > MAX_SCAN_BYTES) return { state: 'unavailable', reason: `The message is larger than ${MAX_SCAN_BYTES / 1024} KB: SpamAssassin skips it, as spamc does.` };
    const started = Date.now();
    // spamd binds its socket before its children are ready: wait for the socket, within the deadline.
    while (!existsSync(this.socketPath!) && Date.now() - started < this.settings.timeoutMs && !this.exited) await new Promise((r) => setTimeout(r, 50));
    if (this.exited) return { state: 'error', reason: this.exited };
    try {
      const answer = await this.request(message, this.settings.timeoutMs - (Date.now() - started));
      return { ...answer, ms: Date.now() - started };
    } catch (e) {
      return { state: 'error', reason: `SpamAssassin did not answer: ${(e as Error).message}` };
    }
  }

  private request(message: Buffer, timeoutMs: number): Promise<{ state: 'scanned'; score: number; required: number; rules: SpamRule[] }> {
    return new Promise((resolve, reject) => {
      const sock = net.connect(this.socketPath!);
      const chunks: Buffer[] = [];
      let size = 0;
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`no answer within ${Math.round(timeoutMs)} ms`));
      }, Math.max(1, timeoutMs));
      sock.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.on('data', (b: Buffer) => {
        size += b.length;
        if (size > 1024 * 1024) sock.destroy(new Error('answer larger than 1 MB'));
        else chunks.push(b);
      });
      sock.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const sep = text.search(/\r?\n\r?\n/);
        const head = sep < 0 ? text : text.slice(0, sep);
        const body = sep < 0 ? '' : text.slice(sep).replace(/^\r?\n\r?\n/, '');
        const status = /^SPAMD\/[\d.]+\s+(\d+)\s+(.*)$/m.exec(head);
        if (!status || status[1] !== '0') return reject(new Error(status ? `spamd answered ${status[1]} ${status[2]}` : 'not a spamd answer'));
        const spam = /^Spam:\s*(.*)$/im.exec(head);
        const verdict = spam ? parseSpamHeader(spam[1]!) : undefined;
        if (!verdict) return reject(new Error('spamd sent no score'));
        resolve({ state: 'scanned', ...verdict, rules: parseReport(body) });
      });
      sock.write(`REPORT SPAMC/1.5\r\nContent-length: ${message.length}\r\nUser: mxray\r\n\r\n`);
      sock.end(message);
    });
  }

  stop(): void {
    this.child?.stdin?.end(); // the supervising shell stops spamd (see the constructor)
    this.child = undefined;
    this.exited ??= 'spamd stopped';
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

// One spamd per process, started on first use (so `mxray check` never pays for it).
const g = globalThis as unknown as { __mxraySpamd?: Spamd };
export function sharedSpamd(): Spamd {
  if (!g.__mxraySpamd) {
    const settings = spamdSettingsFromEnv();
    const spamd = new Spamd(findSpamd(settings.mode), settings);
    g.__mxraySpamd = spamd;
    process.once('exit', () => spamd.stop());
  }
  return g.__mxraySpamd;
}

/** Stops the shared spamd (tests, shutdown); the next scan starts a new one. */
export function stopSharedSpamd(): void {
  g.__mxraySpamd?.stop();
  g.__mxraySpamd = undefined;
}
