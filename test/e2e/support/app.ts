/**
 * The production build of the dashboard for browser tests and bench/web.ts: `next build` once
 * (again only when sources are newer than the build), then `next start` on a free loopback port
 * with its own SQLite file and the test DNS server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

import { freePort } from '../../support/net';

export { freePort };

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'generated' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Build unless a build newer than every source file exists (MXRAY_E2E_REBUILD=1 forces it). */
export function ensureBuild(log: (s: string) => void = () => {}): void {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const sources = Math.max(...['app', 'components', 'lib', 'public'].map((d) => newestMtime(path.join(root, d))), ...['next.config.ts', 'instrumentation.ts', 'proxy.ts', 'package.json'].map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0)));
  if (process.env.MXRAY_E2E_REBUILD !== '1' && fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > sources) return;
  log('building the app (next build)…');
  const r = spawnSync(bin('next'), ['build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-4000)}`);
}

export interface RunningApp {
  url: string;
  port: number;
  dbFile: string;
  smtpPort?: number;
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  dnsAddress: string;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** Start the test-address SMTP listener on a free port (default: disabled). */
  smtp?: boolean;
  /** The address the HTTP server binds (HOST); default 127.0.0.1. */
  host?: string;
}

async function waitForHttp(url: string, child: ChildProcess, deadlineMs: number, output: () => string): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output().slice(-3000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not answer at ${url} within ${deadlineMs} ms:\n${output().slice(-3000)}`);
}

/** A production server's environment on its own SQLite file, resolving through the test DNS server. */
export function productionEnv(dbFile: string, dnsAddress: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: `file:${dbFile}`,
    MXRAY_DNS_SERVERS: dnsAddress,
    MXRAY_DNS_TIMEOUT_MS: '1000',
  };
}

/** Start the production server (bin/server.ts, as `npm start` runs it compiled) with a fresh database migrated by Prisma's own CLI. */
export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-e2e-'));
  const dbFile = path.join(dir, 'e2e.db');
  const port = await freePort();
  const smtpPort = opts.smtp ? await freePort() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...productionEnv(dbFile, opts.dnsAddress),
    ...(smtpPort ? { SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1', MXRAY_MAIL_DOMAIN: 'mxray.test' } : { MXRAY_SMTP_DISABLE: '1' }),
    ...opts.env,
  };
  const migrate = spawnSync(bin('prisma'), ['migrate', 'deploy'], { cwd: root, env, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migrate.stdout}${migrate.stderr}`);
  const child = spawn(bin('tsx'), [path.join(root, 'bin', 'server.ts')], { cwd: root, env: { ...env, PORT: String(port), HOST: opts.host ?? '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const output = () => out;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  try {
    await waitForHttp(`${url}/setup`, child, 90_000, output);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    port,
    dbFile,
    smtpPort,
    output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
