/**
 * The analysis worker as one ES module file, dist/analysis-worker.mjs under the project folder.
 * A worker thread needs a file Node can load by itself: not TypeScript (vitest, tsx) and not a
 * chunk of Next's server bundle (whose paths are rewritten). esbuild bundles lib/ into it; npm
 * packages stay imports, resolved from the project's node_modules.
 *
 * `npm start` / the build should call buildAnalysisWorker() once; when the file is missing or
 * older than any source under lib/ (tests, development), the pool builds it on first use.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The project folder: MXRAY_ROOT, else the working directory (npm scripts run from there). */
export function projectRoot(env: NodeJS.ProcessEnv = process.env): string {
  // turbopackIgnore: a path known only at run time; without it Next traces the whole project.
  return path.resolve(/*turbopackIgnore: true*/ env.MXRAY_ROOT?.trim() || process.cwd());
}

export function analysisWorkerFile(root = projectRoot()): string {
  return path.join(/*turbopackIgnore: true*/ root, 'dist', 'analysis-worker.mjs');
}

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(/*turbopackIgnore: true*/ dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether the bundle is missing or older than the sources it is built from. */
export function analysisWorkerStale(root = projectRoot()): boolean {
  const out = analysisWorkerFile(root);
  if (!fs.existsSync(out)) return true;
  const src = path.join(/*turbopackIgnore: true*/ root, 'lib');
  return fs.existsSync(src) && newestSourceMs(src) > fs.statSync(out).mtimeMs;
}

/** Bundle lib/analysis/worker.ts into dist/analysis-worker.mjs; returns the file. */
export async function buildAnalysisWorker(root = projectRoot()): Promise<string> {
  const out = analysisWorkerFile(root);
  const { build } = await import('esbuild');
  // Written beside and renamed, so a thread starting meanwhile never loads half a file.
  const tmp = `${out}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [path.join(/*turbopackIgnore: true*/ root, 'lib', 'analysis', 'worker.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    // CommonJS dependencies bundled into ESM call require(): give them one.
    banner: { js: "import { createRequire as __mxrayCreateRequire } from 'node:module'; const require = __mxrayCreateRequire(import.meta.url);" },
  });
  fs.renameSync(tmp, out);
  return out;
}
