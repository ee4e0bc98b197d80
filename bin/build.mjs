/**
 * The build: esbuild bundles of the process entry points into dist/ (CLI, production server, SMTP
 * listener, analysis worker) and the Next.js build of the dashboard. Plain JavaScript, because it
 * is what turns the TypeScript into something node runs: nothing is transpiled at run time.
 *
 *   node bin/build.mjs            bundles, then `next build` when the dashboard's sources changed
 *   node bin/build.mjs bundles    bundles only (postinstall: makes bin/mxray work after `npm install`)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const dist = path.join(root, 'dist');

/**
 * Entry point → output name in dist/. An entry whose source is absent is skipped, so a branch can
 * add one (the analysis worker) before the file exists on every branch.
 */
export const ENTRIES = [
  { in: 'lib/cli/main.ts', out: 'cli' },
  { in: 'bin/server.ts', out: 'server' },
  { in: 'bin/smtp.ts', out: 'smtp' },
  { in: 'lib/analysis/worker.ts', out: 'analysis-worker' },
];

/** What the bundles are made of; the CLI checks these mtimes against the stamp before each run. */
export const BUNDLE_SOURCES = ['lib', 'bin', 'package.json', 'tsconfig.json'];
/** What `next build` reads; hashed, so a touched but unchanged file does not cost a rebuild. */
const NEXT_SOURCES = ['app', 'components', 'lib', 'public', 'next.config.ts', 'package.json', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json', 'instrumentation.ts', 'proxy.ts'];

export const bundleStamp = path.join(dist, '.built');
const nextStamp = path.join(root, '.next', 'mxray-source-hash');

function walk(p, visit) {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return visit(p, st);
  for (const name of fs.readdirSync(p).sort()) {
    // The Prisma client is generated from prisma/schema.prisma, which package.json's scripts regenerate.
    if (name !== 'generated' && name !== 'node_modules') walk(path.join(p, name), visit);
  }
}

/** True when a bundle is missing or a source file is newer than the last bundling. */
export function bundlesStale() {
  if (!fs.existsSync(bundleStamp)) return true;
  const built = fs.statSync(bundleStamp).mtimeMs;
  let stale = false;
  for (const s of BUNDLE_SOURCES) {
    walk(path.join(root, s), (_p, st) => {
      if (st.mtimeMs > built) stale = true;
    });
    if (stale) return true;
  }
  return ENTRIES.some((e) => fs.existsSync(path.join(root, e.in)) && !fs.existsSync(path.join(dist, `${e.out}.mjs`)));
}

/** esbuild: ESM for node, packages left to node_modules (so native modules and Next resolve as installed). */
export async function buildBundles() {
  const { build } = await import('esbuild');
  const entryPoints = ENTRIES.filter((e) => fs.existsSync(path.join(root, e.in))).map((e) => ({ in: path.join(root, e.in), out: e.out }));
  // Written over, never emptied first: a running server may still import its older chunks lazily.
  // `node bin/build.mjs` (npm start, npm run build) prunes the chunks no entry uses any more.
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: dist,
    bundle: true,
    // Split chunks keep each command's dependencies behind its dynamic import(): `mxray --help` loads none.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  fs.writeFileSync(bundleStamp, new Date().toISOString() + '\n');
  return new Set(Object.keys(result.metafile.outputs).map((p) => path.resolve(root, p)));
}

/** Deletes chunks in dist/chunks that the last build did not write. */
function pruneChunks(written) {
  const dir = path.join(dist, 'chunks');
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (!written.has(p)) fs.rmSync(p, { force: true });
  }
}

function nextSourceHash() {
  const h = createHash('sha256');
  for (const s of NEXT_SOURCES) {
    walk(path.join(root, s), (p) => {
      h.update(path.relative(root, p));
      h.update(fs.readFileSync(p));
    });
  }
  return h.digest('hex');
}

/** `next build` on first start and whenever what it reads changed (MXRAY_REBUILD=1 forces it). */
export function buildDashboardIfChanged(log = (s) => process.stdout.write(`mxray: ${s}\n`)) {
  const hash = nextSourceHash();
  const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(nextStamp) && fs.readFileSync(nextStamp, 'utf8') === hash;
  if (built && process.env.MXRAY_REBUILD !== '1') return;
  log('building the dashboard (first start or sources changed)');
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: root, stdio: 'inherit', env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env } });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
  fs.writeFileSync(nextStamp, hash);
}

/** Everything `npm start` needs, rebuilt only where stale. */
export async function buildAll(log) {
  if (bundlesStale() || process.env.MXRAY_REBUILD === '1') pruneChunks(await buildBundles());
  buildDashboardIfChanged(log);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const what = process.argv[2] ?? 'all';
  if (what !== 'all' && what !== 'bundles') {
    process.stderr.write(`usage: node bin/build.mjs [all|bundles]\n`);
    process.exit(2);
  }
  (what === 'bundles' ? buildBundles() : buildAll()).catch((e) => {
    process.stderr.write(`mxray build: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
