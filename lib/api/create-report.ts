import { createCheckContext } from '../report/context';
import { runDomainCheck, type RunOptions } from '../report/domain-check';
import type { DomainCheckInput, DomainReport } from '../report/types';
import { getReport, saveReport, type StoredReport } from '../db/reports';
import { analyzeInPool, readContentInPool } from '../analysis/pool';
import type { MessageAnalysis } from '../message/types';
import { recordAnalysis } from '../ops/metrics';
import { ApiError } from './errors';
import { headerSection } from './message-text';
import { takeRequest } from './rate-limit';
import { runContentChecks, type ContentState } from '../content';
import { sharedSpamd } from '../content/spamassassin';

/** What an "analysis" report stores: the analysis, the headers, and the full text only when asked. */
export interface AnalysisPayload {
  kind: 'analysis';
  analysis: MessageAnalysis;
  headers: string;
  message?: string;
  /** Why the full message was not kept although it was asked for (the daily body quota). */
  bodyNotStored?: string;
  /** Content checks (lib/content) of a complete message; absent for headers-only pastes. */
  content?: ContentState;
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

/**
 * Analyse pasted text and store it (POST /api/analyze and the paste form). Text that is not a
 * message (no mail headers, binary, empty) is an input error (400, a form error), and nothing is
 * stored: a report of "this was not a message" helps no one and fills the database. A full message
 * is kept only while `client` is within its daily body quota (MXRAY_BODY_BYTES_PER_CLIENT_PER_DAY);
 * over it the report keeps headers and analysis, and says why, rather than refusing work already done.
 */
export async function createAnalysisReport(message: string, opts: { store?: boolean; client?: string } = {}): Promise<Created<AnalysisPayload>> {
  const analysisStarted = Date.now();
  // In a worker thread with a deadline (issue 10): a hostile paste cannot stall other requests.
  const analysis = await analyzeInPool(message);
  recordAnalysis('paste', Date.now() - analysisStarted);
  const bad = analysis.input?.error;
  if (bad && bad.code.startsWith('message.input-')) throw new ApiError('invalid_input', bad.message, { field: 'message' });
  const ctx = createCheckContext();
  const payload: AnalysisPayload = { kind: 'analysis', analysis, headers: headerSection(message).slice(0, 1024 * 1024) };
  // Content checks need the body: a complete message, not headers only (nor a failed input).
  if (analysis.input?.hasBody && analysis.input.format === 'eml' && !analysis.input.error) payload.content = await runContentChecks(Buffer.from(message, 'utf8'), { ctx, spamd: sharedSpamd(), read: readContentInPool });
  if (opts.store) {
    const quota = await takeRequest('body-bytes', opts.client ?? 'unknown', Math.max(1, Buffer.byteLength(message)));
    // metrics: rate-limit refusal
    if (quota.ok) payload.message = message;
    else payload.bodyNotStored = `Only the headers were kept: your address stored its day's share of full messages; full messages can be kept again in ${Math.ceil(quota.retryAfter / 3600)} h.`;
  }
  const subject = analysis.subject || analysis.from || 'Pasted message';
  const { report: stored, ownerToken } = await saveReport({ kind: 'analysis', subject, status: analysis.status, payload, withOwner: true, hasBody: payload.message !== undefined });
  return { id: stored.id, ownerToken, report: payload, stored };
}
