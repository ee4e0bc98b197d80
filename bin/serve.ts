/**
 * `npm start`: migrate the database, build the app when the sources changed since the last build,
 * then run the production server (bin/http.ts) on $PORT (default 3000). The embedded SQLite default needs no setup.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl } from '../lib/db/url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function step(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  process.stdout.write(`mxray: ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    process.stderr.write(`mxray: ${label} failed (exit ${r.status})\n`);
    process.exit(r.status ?? 1);
  }
}

/** Hash of everything that goes into `next build`, so a stale build is rebuilt and a fresh one is not. */
function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'generated') walk(p);
      } else {
        h.update(path.relative(root, p));
        h.update(fs.readFileSync(p));
      }
    }
  };
  for (const d of ['app', 'components', 'lib', 'public']) walk(path.join(root, d));
  for (const f of ['next.config.ts', 'package.json', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json', 'instrumentation.ts', 'proxy.ts']) {
    const p = path.join(root, f);
    if (fs.existsSync(p)) h.update(fs.readFileSync(p));
  }
  return h.digest('hex');
}

const env = { ...process.env, DATABASE_URL: databaseUrl() };
step('applying database migrations', bin('prisma'), ['migrate', 'deploy'], env);

const stamp = path.join(root, '.next', 'mxray-source-hash');
const hash = sourceHash();
const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash;
if (!built || process.env.MXRAY_REBUILD === '1') {
  step('building the dashboard (first start or sources changed)', bin('next'), ['build'], env);
  fs.writeFileSync(stamp, hash);
}

// The HTTP server runs in its own process (tsx), with the build and migrations done.
const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'bin', 'http.ts')], { cwd: root, stdio: 'inherit', env });
const stop = (sig: NodeJS.Signals) => child.kill(sig);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
