/**
 * `npm start`: build what is missing or stale (bundles in dist/, the Next build), then run the
 * compiled server in this same process. package.json runs it as `exec node bin/start.mjs`, so the
 * process tree is npm → node: npm forwards SIGTERM/SIGINT to its child, and that child is the server.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAll, dist } from './build.mjs';

try {
  await buildAll((s) => process.stdout.write(`mxray: ${s}\n`));
} catch (e) {
  process.stderr.write(`mxray: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
await import(pathToFileURL(path.join(dist, 'server.mjs')).href);
