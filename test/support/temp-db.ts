/**
 * A real SQLite file in a fresh temp directory with the project's migrations applied, for tests
 * that exercise lib/db. Call before anything opens the database: lib/db reads DATABASE_URL on its
 * first query.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

export interface TempDatabase {
  url: string;
  file: string;
  dir: string;
  remove(): void;
}

export async function useTempDatabase(prefix = 'mxray-test-db-'): Promise<TempDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'test.db');
  const url = `file:${file}`;
  process.env.DATABASE_URL = url;
  try {
    await run(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url }, timeout: 120_000 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`prisma migrate deploy failed for the test database: ${err.stderr || err.stdout || err.message}`);
  }
  return { url, file, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
