/**
 * The production server process (dist/server.mjs once built): migrate the database, serve the
 * dashboard (bin/http.ts; the SMTP listener starts inside Next's instrumentation hook), and stop
 * in order on SIGTERM/SIGINT. `npm start` (bin/start.mjs) builds and then imports this into its
 * own process; the container runs `node dist/server.mjs` directly.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl } from '../lib/db/url';
import { logger } from '../lib/ops/log';
import { gracefulStop, shutdownGraceMs } from '../lib/ops/shutdown';
import { version } from '../lib/ops/version';
import { startHttp } from './http';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = logger();

/** Prisma's own CLI applies pending migrations (idempotent); its chatter goes to the log only on failure. */
function migrate(env: NodeJS.ProcessEnv): void {
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`database migrations failed (prisma migrate deploy exit ${r.status ?? r.signal}): ${`${r.stdout}${r.stderr}`.trim().slice(-2000)}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const graceMs = shutdownGraceMs(); // a bad value stops the start, not the stop
  process.env.DATABASE_URL = databaseUrl();
  migrate(process.env);
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '0.0.0.0';
  const server = await startHttp({ port, host });

  // Ctrl-C reaches both npm and this process, and npm forwards its copy: signals within a second
  // of the first are the same request. A later one means "now": exit without waiting.
  let first = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (first && now - first > 1000) {
      log.warn({ event: 'stop', reason: `second ${signal}`, graceful: false }, 'mxray stopped at once (second signal)');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    if (first) return;
    first = now;
    gracefulStop({ reason: signal, http: server, graceMs }).then(
      (r) => {
        log.info({ event: 'stop', reason: r.reason, ms: r.ms, cutOff: r.cutOff.length ? r.cutOff : undefined }, 'mxray stopped');
        process.exit(0);
      },
      (e: unknown) => {
        log.error({ event: 'stop', reason: signal, err: e }, 'mxray stopped with an error');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  log.info({ event: 'start', reason: process.env.MXRAY_START_REASON || 'started', version, node: process.version, pid: process.pid, http: `${host}:${port}`, startupMs: Date.now() - started, graceMs }, `mxray ${version} serving on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
}

main().catch((e: unknown) => {
  log.fatal({ event: 'stop', reason: 'start failed', err: e instanceof Error ? e.message : String(e) }, `mxray could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
