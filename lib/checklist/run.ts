import { checkPort25 } from '../checks/port25';
import { runCheck } from '../checks/run';
import { proveFix } from '../fixes/prove';
import type { CheckId, CheckResult } from '../checks/types';
import { getReport } from '../db/reports';
import { getTestAddress } from '../db/test-addresses';
import type { MessageAnalysis } from '../message/types';
import { createCheckContext, type ContextOptions } from '../report/context';
import { domainJobs, validateDomainInput } from '../report/domain-check';
import { providerVerdicts } from '../providers/evaluate';
import { reverifyReport } from '../api/reverify';
import { takeRequest } from '../api/rate-limit';
import type { SpfData } from '../checks/spf';
import { evaluateChecklist, messageAuthPasses, type ChecklistStatus, type TestAddressView } from './evaluate';
import { CHECKLIST, DEFAULT_SELECTOR } from './items';

/**
 * Port 25 reachability is a property of the machine mxray runs on, not of the domain, and probing
 * receivers every few seconds would be rude: one result is shared for a few minutes, and only
 * "re-check now" probes again. Concurrent checklists share one probe in flight.
 */
const PORT25_REUSE_MS = 5 * 60_000;
const g = globalThis as unknown as { __mxrayPort25?: { at: number; result: Promise<CheckResult> } };

function port25(ctx: ReturnType<typeof createCheckContext>, fresh: boolean, clientId?: string): Promise<CheckResult> {
  const cached = g.__mxrayPort25;
  if (cached && !fresh && Date.now() - cached.at < PORT25_REUSE_MS) return cached.result;
  const result = runCheck('port25', 'Outbound port 25', ctx, (c) => checkPort25(c, { clientId }));
  g.__mxrayPort25 = { at: Date.now(), result };
  return result;
}

export function forgetPort25Result(): void {
  g.__mxrayPort25 = undefined;
}

export interface ChecklistRequest {
  domain: string;
  ip?: string;
  selector?: string;
  /** Personal test-address token, kept in the page URL so progress survives a reload. */
  token?: string;
  /** Who asked, for the port-25 probe budget. */
  clientId?: string;
}

const NEEDED = new Set<CheckId>(CHECKLIST.map((d) => d.source).filter((s): s is CheckId => s !== 'test-address' && s !== 'test-report'));

/** Test-address state for the checklist; a stored analysis may be a bare MessageAnalysis or wrapped. */
export async function loadTestView(token: string | undefined): Promise<TestAddressView | undefined> {
  if (!token) return undefined;
  const t = await getTestAddress(token).catch(() => null);
  if (!t) return { state: 'none' };
  const view: TestAddressView = { state: t.state, address: t.address, reportId: t.reportId };
  if (t.reportId) {
    const r = await getReport<unknown>(t.reportId).catch(() => null);
    const analysis = r ? analysisOf(r.payload) : undefined;
    if (analysis) view.analysis = analysis;
  }
  return view;
}

export function analysisOf(payload: unknown): MessageAnalysis | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  // Wrapped first: a stored paste ({ kind: 'analysis', analysis, headers }) is itself tagged 'analysis'.
  const p = payload as { kind?: string; analysis?: unknown; findings?: unknown };
  if (p.analysis && typeof p.analysis === 'object' && (p.analysis as { kind?: string }).kind === 'analysis') return p.analysis as MessageAnalysis;
  if (p.kind === 'analysis' && Array.isArray(p.findings)) return payload as MessageAnalysis;
  return undefined;
}

/** DNS steps whose fix is a record the user publishes while the checklist is open. */
const RECHECKED = new Set<CheckId>(['spf', 'dkim', 'dmarc', 'mx', 'fcrdns']);

function failing(r: CheckResult, ip: string | undefined): boolean {
  if (r.status === 'fail' || r.status === 'error') return true;
  // The SPF step asks whether this IP passes; a healthy record that leaves the IP out fails it.
  return r.id === 'spf' && !!ip && (r.data as SpfData | undefined)?.result !== 'pass';
}

/**
 * Run the checks the setup checklist needs (all at once) and evaluate the items. Throws InputError on bad input.
 *
 * A step that fails is asked again with fresh DNS answers on every refresh: a record the user has
 * just published must turn its step green on the next poll, not once a cached "no such record"
 * expires (that used to leave new DKIM and DMARC records "To do" until "Re-check now"). Those fresh
 * lookups cost like a check, so they are taken from the client's check budget; when it is spent,
 * the cached answers are shown until it refills.
 */
export async function runChecklist(req: ChecklistRequest, opts: ContextOptions = {}): Promise<ChecklistStatus> {
  const selector = (req.selector ?? '').trim() || DEFAULT_SELECTOR;
  const input = validateDomainInput({ domain: req.domain, ip: req.ip, selectors: [selector] });
  const ctx = createCheckContext(opts);
  const jobs = domainJobs(input).filter((j) => NEEDED.has(j.id));
  const [cached, test] = await Promise.all([
    // Each fix is proven (what-if run) before the checklist offers it, as on the report.
    Promise.all([...jobs.map(async (j) => proveFix(await runCheck(j.id, j.title, ctx, j.run), ctx, j.run)), port25(ctx, opts.fresh === true, req.clientId)]),
    loadTestView(req.token),
  ]);
  let results: CheckResult[] = cached;
  const again = opts.fresh ? [] : jobs.filter((j) => RECHECKED.has(j.id) && cached.some((r) => r.id === j.id && failing(r, input.ip)));
  if (again.length > 0 && (await takeRequest('check', req.clientId ?? 'checklist')).ok) {
    const freshCtx = createCheckContext({ ...opts, fresh: true });
    const redone = new Map((await Promise.all(again.map(async (j) => proveFix(await runCheck(j.id, j.title, freshCtx, j.run), freshCtx, j.run)))).map((r) => [r.id, r]));
    results = cached.map((r) => redone.get(r.id) ?? r);
  }
  // "Re-check now" after a DNS fix also verifies a failing test message again, so the last step can
  // turn green without sending another one. Only on that click, and only while it fails.
  if (opts.fresh && test?.reportId && test.analysis && !messageAuthPasses(test.analysis)) {
    const again = await reverifyReport(test.reportId, { testAddressToken: req.token });
    if (again) {
      test.reportId = again.id;
      test.analysis = again.report.analysis;
    }
  }
  const checks: Partial<Record<CheckId, CheckResult>> = {};
  for (const r of results) checks[r.id] = r;
  const status = evaluateChecklist({ domain: input.domain, ip: input.ip, selector: input.selectors![0]!, checks, test });
  // The checklist's summary of "will they take my mail": its DNS steps and the test message together.
  return { ...status, providers: providerVerdicts({ domain: { ip: input.ip, checks: results }, ...(test?.analysis ? { message: test.analysis } : {}) }) };
}
