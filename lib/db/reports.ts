import { db } from './client';
import { recordReportsStored } from '../ops/metrics';
import { REPORT_ID_PATTERN, hashToken, newOwnerToken, newReportId, tokenMatches } from '../report/ids';
import { expiryFor } from '../retention/settings';

export type ReportKind = 'check' | 'analysis' | 'inbound' | 'checklist';

/** A stored report as the rest of the app sees it (the Prisma row never leaves lib/db). */
export interface StoredReport<P = unknown> {
  id: string;
  kind: ReportKind;
  subject: string;
  status: string;
  createdAt: Date;
  payload: P;
  previousId: string | null;
  /** When the retention sweep deletes it; null: kept. */
  expiresAt: Date | null;
  /** When its stored message body is removed; null: it holds none. */
  bodyExpiresAt: Date | null;
}

export interface SaveReportInput<P> {
  kind: ReportKind;
  subject: string;
  status: string;
  payload: P;
  previousId?: string | null;
  /** Whether to hand back an owner token (browser/API creations); inbound mail has no owner. */
  withOwner?: boolean;
  /** Whether the payload holds a message body (it then expires sooner, MXRAY_BODY_TTL_DAYS). */
  hasBody?: boolean;
  now?: Date;
}

type Row = { id: string; kind: string; subject: string; status: string; createdAt: Date; payload: string; previousId: string | null; expiresAt: Date | null; bodyExpiresAt: Date | null };

function toDomain<P>(row: Row): StoredReport<P> {
  return {
    id: row.id, kind: row.kind as ReportKind, subject: row.subject, status: row.status, createdAt: row.createdAt,
    payload: JSON.parse(row.payload) as P, previousId: row.previousId, expiresAt: row.expiresAt, bodyExpiresAt: row.bodyExpiresAt,
  };
}

export async function saveReport<P>(input: SaveReportInput<P>): Promise<{ report: StoredReport<P>; ownerToken?: string }> {
  const id = newReportId();
  const ownerToken = input.withOwner ? newOwnerToken() : undefined;
  const now = input.now ?? new Date();
  const row = await db().report.create({
    data: {
      id,
      createdAt: now,
      ...expiryFor(now, input.hasBody === true),
      kind: input.kind,
      subject: input.subject.slice(0, 500),
      status: input.status,
      payload: JSON.stringify(input.payload),
      ownerTokenHash: ownerToken ? hashToken(ownerToken) : null,
      previousId: input.previousId ?? null,
    },
  });
  recordReportsStored(input.kind);
  return { report: toDomain<P>(row), ownerToken };
}

export async function getReport<P = unknown>(id: string): Promise<StoredReport<P> | null> {
  if (!REPORT_ID_PATTERN.test(id)) return null;
  const row = await db().report.findUnique({ where: { id } });
  // An expired report is gone for its readers even before the sweep reaches it.
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  return toDomain<P>(row);
}

/** Deletes only when the token is the owner's; returns what happened. */
export async function deleteReport(id: string, ownerToken: string): Promise<'deleted' | 'not-found' | 'forbidden'> {
  if (!REPORT_ID_PATTERN.test(id)) return 'not-found';
  const row = await db().report.findUnique({ where: { id }, select: { ownerTokenHash: true } });
  if (!row) return 'not-found';
  if (!tokenMatches(ownerToken, row.ownerTokenHash)) return 'forbidden';
  await db().report.delete({ where: { id } });
  return 'deleted';
}

export async function countReports(kind?: ReportKind): Promise<number> {
  return db().report.count({ where: kind ? { kind } : undefined });
}

/** Payload keys that hold a whole message: an inbound `raw`, a paste's `message` (store: true). */
const BODY_KEYS = ['raw', 'message'] as const;

/**
 * One step of the retention sweep: deletes up to `batch.reports` expired reports, with the test
 * addresses that expired and pointed at them, and removes the body of up to `batch.bodies` reports
 * whose body expired (few: each payload is read whole, and a body may be megabytes). Small steps, so a sweep never holds the database for long; plain Prisma queries, so it
 * runs on any provider. Returns what it removed; the caller repeats while something was.
 */
export async function sweepExpiredStep(now: Date, batch: { reports: number; bodies: number }): Promise<{ reports: number; bodies: number }> {
  const client = db();
  const expired = await client.report.findMany({ where: { expiresAt: { lte: now } }, select: { id: true }, take: batch.reports });
  const ids = expired.map((r) => r.id);
  if (ids.length) {
    await client.$transaction([
      client.report.deleteMany({ where: { id: { in: ids } } }),
      client.testAddress.deleteMany({ where: { reportId: { in: ids }, expiresAt: { lte: now } } }),
    ]);
  }
  const bodies = await client.report.findMany({ where: { bodyExpiresAt: { lte: now } }, select: { id: true, payload: true }, take: batch.bodies });
  for (const r of bodies) {
    const payload = JSON.parse(r.payload) as Record<string, unknown>;
    for (const k of BODY_KEYS) delete payload[k];
    await client.report.update({ where: { id: r.id }, data: { payload: JSON.stringify(payload), bodyExpiresAt: null } });
  }
  return { reports: ids.length, bodies: bodies.length };
}

/** Replace a report's payload: content checks of a test message finish after it was stored. */
export async function updateReportPayload<P>(id: string, payload: P): Promise<boolean> {
  if (!REPORT_ID_PATTERN.test(id)) return false;
  const r = await db().report.updateMany({ where: { id }, data: { payload: JSON.stringify(payload) } });
  return r.count > 0;
}

/** Ids of received test messages whose content checks were still pending (e.g. mxray stopped). */
export async function reportsWithPendingContent(limit = 500): Promise<string[]> {
  // The payload is JSON.stringify'd (no spaces), so the pending marker has one spelling.
  const rows = await db().report.findMany({ where: { kind: 'inbound', payload: { contains: '"content":{"state":"pending"' } }, select: { id: true }, orderBy: { createdAt: 'asc' }, take: limit });
  return rows.map((r) => r.id);
}
