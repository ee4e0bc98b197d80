import path from 'node:path';
import fs from 'node:fs';

/**
 * DATABASE_URL, defaulting to an SQLite file in ./data (git-ignored, and outside the folders
 * Tailwind scans). Relative file: paths are resolved against the project root.
 */
const madeDirs = new Set<string>();

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL || 'file:./data/mxray.db';
  if (!url.startsWith('file:')) return url;
  const file = url.slice('file:'.length);
  // path.resolve resolves a relative path against the working directory (the project root).
  const abs = path.resolve(file);
  // Once per folder: the listener asks for the URL on every commit, and a mkdir is a system call.
  const dir = path.dirname(abs);
  if (!madeDirs.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  return `file:${abs}`;
}
