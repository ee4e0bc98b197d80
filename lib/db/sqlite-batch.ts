import Database from 'libsql';

/**
 * The inbound listener's hot path: one transaction per batch of received messages on a dedicated
 * libSQL connection with prepared statements. Through Prisma each statement costs 1–2 ms here
 * (query compilation in the client engine), which capped the listener at ~50 messages/s; a prepared
 * INSERT costs ~0.1 ms. Same tables, same value formats as Prisma writes them, so Prisma reads these
 * rows like its own. See sqliteSyncMode() for when a commit counts as stored.
 */
interface Conn {
  db: Database.Database;
  insertReport: Database.Statement;
  linkAddress: Database.Statement;
}

const g = globalThis as unknown as { __mxraySqliteBatch?: { path: string; conn: Conn } };

function connection(path: string): Conn {
  const cached = g.__mxraySqliteBatch;
  if (cached && cached.path === path) return cached.conn;
  if (cached) closeBatchConnection(); // DATABASE_URL changed (tests): do not leak the old file's connection
  const db = new Database(path);
  db.exec('PRAGMA journal_mode=WAL');
  db.exec(`PRAGMA synchronous=${sqliteSyncMode()}`);
  // Never wait synchronously for a lock: the other writer (Prisma) lives in this same event loop,
  // so a blocking wait could only time out. SQLITE_BUSY is thrown and retried asynchronously.
  db.exec('PRAGMA busy_timeout=0');
  const conn: Conn = {
    db,
    insertReport: db.prepare('INSERT INTO "Report" ("id", "kind", "subject", "status", "createdAt", "payload", "expiresAt", "bodyExpiresAt", "ownerTokenHash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    linkAddress: db.prepare('UPDATE "TestAddress" SET "receivedAt" = ?, "reportId" = ?, "count" = "count" + 1 WHERE "token" = ?'),
  };
  g.__mxraySqliteBatch = { path, conn };
  return conn;
}

/**
 * FULL (default): each commit is fsynced before the 250 reply, so an accepted message survives even
 * a power loss. NORMAL (MXRAY_SQLITE_SYNC=NORMAL): WAL commits are not fsynced one by one; a message
 * survives a crash of mxray but may be lost if the machine itself goes down. The SMTP bench measured
 * about 12% more messages/s with NORMAL, so the default stays on the safe side.
 */
export function sqliteSyncMode(env: Record<string, string | undefined> = process.env): 'FULL' | 'NORMAL' {
  return (env.MXRAY_SQLITE_SYNC ?? '').trim().toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL';
}

/** Prisma's text form of a DateTime in SQLite. */
export function sqliteDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

export interface BatchRow {
  id: string;
  kind: string;
  subject: string;
  status: string;
  payload: string;
  createdAt: Date;
  /** Retention (lib/retention/settings.ts expiryFor), as saveReport sets it. */
  expiresAt: Date | null;
  bodyExpiresAt: Date | null;
  /** Hash of the owner's secret: for a received message, its test address's token. */
  ownerTokenHash: string | null;
  /** Test-address tokens to point at this report. */
  tokens: string[];
}

/** All rows in one transaction, or none. Throws SQLITE_BUSY (retryable) when another writer holds the lock. */
export function writeBatch(url: string, rows: BatchRow[]): void {
  const c = connection(url.slice('file:'.length));
  c.db.exec('BEGIN IMMEDIATE');
  try {
    for (const r of rows) {
      const at = sqliteDateTime(r.createdAt);
      c.insertReport.run(r.id, r.kind, r.subject, r.status, at, r.payload, r.expiresAt ? sqliteDateTime(r.expiresAt) : null, r.bodyExpiresAt ? sqliteDateTime(r.bodyExpiresAt) : null, r.ownerTokenHash);
      for (const token of r.tokens) c.linkAddress.run(at, r.id, token);
    }
    c.db.exec('COMMIT');
  } catch (e) {
    try {
      c.db.exec('ROLLBACK');
    } catch {
      /* the failed BEGIN left nothing to roll back */
    }
    throw e;
  }
}

export function closeBatchConnection(): void {
  g.__mxraySqliteBatch?.conn.db.close();
  g.__mxraySqliteBatch = undefined;
}
