/**
 * mxray as an operator runs it: `npm start` (npm → node, building what is stale first) or the
 * compiled server `node dist/server.mjs`, with its own SQLite file, free ports and the test DNS
 * server. Reads the server's pid from its JSON start line, so a test can check that nothing is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canConnect, freePort } from '../../support/net';
import { productionEnv, root } from './app';

export interface Served {
  child: ChildProcess;
  /** The node process serving HTTP and SMTP (npm's child for `npm start`). */
  serverPid: number;
  url: string;
  httpPort: number;
  smtpPort: number;
  dir: string;
  dbFile: string;
  output(): string;
  /** Resolves with the exit code (or signal name) of the process the test started. */
  exited: Promise<number | string>;
  cleanup(): void;
}

export interface ServeOptions {
  how: 'npm start' | 'node dist/server.mjs';
  dnsAddress: string;
  env?: Record<string, string>;
  cwd?: string;
  deadlineMs?: number;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True once nothing accepts on the port and it can be bound again. */
export async function portFree(port: number): Promise<boolean> {
  if (await canConnect(port)) return false;
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function serve(opts: ServeOptions): Promise<Served> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-ops-'));
  const dbFile = path.join(dir, 'ops.db');
  const [httpPort, smtpPort] = [await freePort(), await freePort()];
  const cwd = opts.cwd ?? root;
  const env: NodeJS.ProcessEnv = {
    ...productionEnv(dbFile, opts.dnsAddress),
    PORT: String(httpPort),
    HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_HOST: '127.0.0.1',
    MXRAY_MAIL_DOMAIN: 'mxray.test',
    LOG_LEVEL: 'info',
    ...opts.env,
  };
  delete env.VITEST; // the server under test logs as in production
  const [cmd, args] = opts.how === 'npm start' ? ['npm', ['start']] : [process.execPath, ['dist/server.mjs']];
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${httpPort}`;
  const until = Date.now() + (opts.deadlineMs ?? 240_000);
  let serverPid = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.how} exited with ${child.exitCode}:\n${out.slice(-3000)}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${opts.how} did not become healthy:\n${out.slice(-3000)}`);
    }
    const start = /\{[^\n]*"event":"start"[^\n]*\}/.exec(out);
    if (start) serverPid = (JSON.parse(start[0]) as { pid: number }).pid;
    if (serverPid) {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      if (r?.status === 200) break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child, serverPid, url, httpPort, smtpPort, dir, dbFile, exited,
    output: () => out,
    cleanup: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JSON log lines the server wrote (build output and other text skipped). */
export function logLines(output: string): Record<string, unknown>[] {
  return output.split('\n').filter((l) => l.startsWith('{')).flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
