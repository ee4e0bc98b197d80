import { createCheckContext } from '../report/context';
import { runDomainCheck, type RunOptions } from '../report/domain-check';
import type { DomainCheckInput, DomainReport } from '../report/types';
import { getReport, saveReport, type StoredReport } from '../db/reports';
import { analyzeInPool } from '../analysis/pool';
import type { MessageAnalysis } from '../message/types';
import { headerSection } from './message-text';

/** What an "analysis" report stores: the analysis, the headers, and the full text only when asked. */
export interface AnalysisPayload {
  kind: 'analysis';
  analysis: MessageAnalysis;
  headers: string;
  message?: string;
}

export interface Created<P> {
  id: string;
  ownerToken?: string;
  report: P;
  stored: StoredReport<P>;
}

/** The previous report of a "run again", only when it exists and is a domain check. */
export async function previousCheck(id: string | undefined): Promise<StoredReport<DomainReport> | null> {
  if (!id) return null;
  const prev = await getReport<DomainReport>(id).catch(() => null);
  return prev && prev.kind === 'check' ? prev : null;
}

/** Save a finished domain check; `previousId` links a re-run to the report it repeats. */
export async function storeCheck(report: DomainReport, previousId?: string): Promise<Created<DomainReport>> {
  const prev = await previousCheck(previousId);
  const { report: stored, ownerToken } = await saveReport({ kind: 'check', subject: report.domain, status: report.status, payload: report, previousId: prev?.id ?? null, withOwner: true });
  return { id: stored.id, ownerToken, report, stored };
}

/** Run a domain check and store it (POST /api/checks). Throws InputError on bad input. */
export async function createCheckReport(input: DomainCheckInput & { previousId?: string }, opts: RunOptions = {}): Promise<Created<DomainReport>> {
  const report = await runDomainCheck(input, opts);
  return storeCheck(report, input.previousId);
}

/** Analyse pasted text and store it (POST /api/analyze and the paste form). */
export async function createAnalysisReport(message: string, opts: { store?: boolean } = {}): Promise<Created<AnalysisPayload>> {
  // In a worker thread with a deadline (issue 10): a hostile paste cannot stall other requests.
  const analysis = await analyzeInPool(message);
  const payload: AnalysisPayload = { kind: 'analysis', analysis, headers: headerSection(message).slice(0, 1024 * 1024) };
  if (opts.store) payload.message = message;
  const subject = analysis.subject || analysis.from || 'Pasted message';
  const { report: stored, ownerToken } = await saveReport({ kind: 'analysis', subject, status: analysis.status, payload, withOwner: true });
  return { id: stored.id, ownerToken, report: payload, stored };
}
