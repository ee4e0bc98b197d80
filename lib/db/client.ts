import { PrismaLibSQL } from '@prisma/adapter-libsql';
import Database from 'libsql';
import { PrismaClient } from './generated/client';
import { closeBatchConnection } from './sqlite-batch';
import { databaseUrl } from './url';

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const g = globalThis as unknown as { __mxrayPrisma?: PrismaClient };

/**
 * Write-ahead logging: a commit appends to the WAL with one fsync instead of the rollback journal's
 * several, and readers no longer block the writer. The mode is stored in the database file, so
 * setting it once (synchronously, before Prisma opens its pool) covers every later connection.
 */
function useWal(url: string): void {
  if (!url.startsWith('file:')) return;
  const conn = new Database(url.slice('file:'.length));
  try {
    conn.exec('PRAGMA journal_mode=WAL');
  } finally {
    conn.close();
  }
}

export function db(): PrismaClient {
  if (!g.__mxrayPrisma) {
    const url = databaseUrl();
    useWal(url);
    g.__mxrayPrisma = new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
  }
  return g.__mxrayPrisma;
}

export async function closeDb(): Promise<void> {
  closeBatchConnection();
  if (g.__mxrayPrisma) {
    await g.__mxrayPrisma.$disconnect();
    g.__mxrayPrisma = undefined;
  }
}
