import { db } from './client';
import { REPORT_ID_PATTERN, hashToken, newOwnerToken, newReportId, tokenMatches } from '../report/ids';

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
}

export interface SaveReportInput<P> {
  kind: ReportKind;
  subject: string;
  status: string;
  payload: P;
  previousId?: string | null;
  /** Whether to hand back an owner token (browser/API creations); inbound mail has no owner. */
  withOwner?: boolean;
}

function toDomain<P>(row: { id: string; kind: string; subject: string; status: string; createdAt: Date; payload: string; previousId: string | null }): StoredReport<P> {
  return { id: row.id, kind: row.kind as ReportKind, subject: row.subject, status: row.status, createdAt: row.createdAt, payload: JSON.parse(row.payload) as P, previousId: row.previousId };
}

export async function saveReport<P>(input: SaveReportInput<P>): Promise<{ report: StoredReport<P>; ownerToken?: string }> {
  const id = newReportId();
  const ownerToken = input.withOwner ? newOwnerToken() : undefined;
  const row = await db().report.create({
    data: {
      id,
      kind: input.kind,
      subject: input.subject.slice(0, 500),
      status: input.status,
      payload: JSON.stringify(input.payload),
      ownerTokenHash: ownerToken ? hashToken(ownerToken) : null,
      previousId: input.previousId ?? null,
    },
  });
  return { report: toDomain<P>(row), ownerToken };
}

export async function getReport<P = unknown>(id: string): Promise<StoredReport<P> | null> {
  if (!REPORT_ID_PATTERN.test(id)) return null;
  const row = await db().report.findUnique({ where: { id } });
  return row ? toDomain<P>(row) : null;
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
