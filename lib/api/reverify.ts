import { getReport, saveReport } from '../db/reports';
import { pointTestAddressAt } from '../db/test-addresses';
import { analyzeInPool } from '../analysis/pool';
import type { MessageAnalysis } from '../message/types';
import type { InboundPayload } from '../inbound/types';
import type { AnalysisPayload, Created } from './create-report';

/** Added to a report's payload when it is a re-verification of an earlier one. */
export interface Reverification {
  /** ISO time of the re-verification (the message itself keeps its own dates). */
  at: string;
  /** Only the header section was kept, so DKIM body hashes could not be checked again. */
  headersOnly: boolean;
}

type MessagePayload = (AnalysisPayload | (InboundPayload & { kind?: undefined })) & { reverified?: Reverification };

/**
 * "Verify again with today's DNS": the stored message (or, when only its headers were kept, its
 * header section) goes through the same analysis with fresh DNS answers, after the sender fixed a
 * record, without sending another test message. A received message keeps its real envelope (IP,
 * HELO, MAIL FROM), so SPF is judged as the listener judged it. The result is a new report linked to
 * the old one; reports never change after the fact, but a test address that pointed at the old
 * report now points at the new one (see pointTestAddressAt). Null when the id is not a message report.
 */
export async function reverifyReport(id: string, opts: { now?: Date } = {}): Promise<Created<MessagePayload> | null> {
  const stored = await getReport<MessagePayload>(id);
  if (!stored || (stored.kind !== 'inbound' && stored.kind !== 'analysis')) return null;
  const p = stored.payload;
  const full = stored.kind === 'inbound' ? (p as InboundPayload).raw : (p as AnalysisPayload).message;
  const text = full ?? p.headers;
  if (typeof text !== 'string' || text.length === 0) return null;
  const inbound = stored.kind === 'inbound' ? (p as InboundPayload) : undefined;
  // The forward's envelope says nothing about how the attached original travelled (as on receipt).
  const envelope = inbound && !inbound.forwarded ? inbound.envelope : undefined;
  const now = opts.now ?? new Date();
  // In a worker thread with a deadline (issue 10), like every analysis the server does for a client.
  const analysis: MessageAnalysis = await analyzeInPool(text, { fresh: true, now, ...(envelope ? { envelope } : {}) });
  const payload = { ...p, analysis, reverified: { at: now.toISOString(), headersOnly: full === undefined } } as MessagePayload;
  const { report, ownerToken } = await saveReport({ kind: stored.kind, subject: stored.subject, status: analysis.status, payload, previousId: stored.id, withOwner: true });
  if (inbound?.token) await pointTestAddressAt(inbound.token, stored.id, report.id);
  return { id: report.id, ownerToken, report: payload, stored: report };
}
