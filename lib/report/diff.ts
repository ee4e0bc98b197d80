import type { CheckResult, CheckStatus, Finding, RecordView } from '../checks/types';
import type { DomainReport } from './types';

/** Higher is worse; "error" (could not test) sits between warn and fail as in lib/checks/types. */
const RANK: Record<CheckStatus, number> = { pass: 0, info: 1, warn: 2, error: 3, fail: 4 };

export type Direction = 'better' | 'worse' | 'same';

export interface StatusChange {
  from: CheckStatus;
  to: CheckStatus;
  direction: Direction;
}

export interface CheckDiff {
  id: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  status?: StatusChange;
  /** Findings present now that were not there before (matched by code and detail). */
  findingsNew: Finding[];
  /** Findings that were there before and are gone now. */
  findingsGone: Finding[];
  recordsNew: RecordView[];
  recordsGone: RecordView[];
}

export interface ReportDiff {
  status?: StatusChange;
  checks: CheckDiff[];
  /** Checks present in both with nothing changed. */
  unchanged: number;
  /** Seconds between the two reports. */
  elapsedSeconds: number;
}

function statusChange(from: CheckStatus, to: CheckStatus): StatusChange | undefined {
  if (from === to) return undefined;
  return { from, to, direction: RANK[to] < RANK[from] ? 'better' : RANK[to] > RANK[from] ? 'worse' : 'same' };
}

/**
 * Durations measured during a run ("no answer within 3002 ms", "(16 lists, 245 ms)") differ every
 * time; a finding that differs only in them is the same finding, not a change worth listing.
 */
export function withoutTimings(text: string): string {
  return text.replace(/\b\d+(?:[.,]\d+)?\s?(?:ms|s|seconds?|milliseconds?)\b/g, '…');
}

/** A DKIM public key (p=) is hundreds of characters of base64: a diff shows its ends and length. */
export function abbreviateKeys(text: string): string {
  return text.replace(/\bp=([A-Za-z0-9+/]{40,}={0,2})/g, (_m, key: string) => `p=${key.slice(0, 12)}…${key.slice(-8)} (${key.length} characters)`);
}

const findingKey = (f: Finding) => `${f.code}\u0000${f.severity}\u0000${withoutTimings(f.detail)}`;
const shownFinding = (f: Finding): Finding => ({ ...f, detail: abbreviateKeys(f.detail) });
const shownRecord = (r: RecordView): RecordView => ({ ...r, value: abbreviateKeys(r.value) });
// TTLs count down in caches between runs: a record is the same record whatever its TTL.
const recordKey = (r: RecordView) => `${r.name.toLowerCase()}\u0000${r.type}\u0000${r.value}`;

function minus<T>(a: T[], b: T[], key: (x: T) => string): T[] {
  const seen = new Set(b.map(key));
  return a.filter((x) => !seen.has(key(x)));
}

function diffCheck(prev: CheckResult, next: CheckResult): CheckDiff | undefined {
  const d: CheckDiff = {
    id: next.id,
    title: next.title,
    change: 'changed',
    status: statusChange(prev.status, next.status),
    findingsNew: minus(next.findings, prev.findings, findingKey).map(shownFinding),
    findingsGone: minus(prev.findings, next.findings, findingKey).map(shownFinding),
    recordsNew: minus(next.records, prev.records, recordKey).map(shownRecord),
    recordsGone: minus(prev.records, next.records, recordKey).map(shownRecord),
  };
  const changed = d.status || d.findingsNew.length || d.findingsGone.length || d.recordsNew.length || d.recordsGone.length;
  return changed ? d : undefined;
}

/** What changed between a report and the one it re-ran: per check, status, findings and records. */
export function diffReports(prev: DomainReport, next: DomainReport): ReportDiff {
  const before = new Map(prev.checks.map((c) => [c.id, c]));
  const after = new Set(next.checks.map((c) => c.id));
  const checks: CheckDiff[] = [];
  let unchanged = 0;
  for (const c of next.checks) {
    const p = before.get(c.id);
    if (!p) {
      checks.push({ id: c.id, title: c.title, change: 'added', findingsNew: c.findings.map(shownFinding), findingsGone: [], recordsNew: c.records.map(shownRecord), recordsGone: [] });
      continue;
    }
    const d = diffCheck(p, c);
    if (d) checks.push(d);
    else unchanged++;
  }
  for (const p of prev.checks) {
    if (!after.has(p.id)) checks.push({ id: p.id, title: p.title, change: 'removed', findingsNew: [], findingsGone: p.findings.map(shownFinding), recordsNew: [], recordsGone: p.records.map(shownRecord) });
  }
  return {
    status: statusChange(prev.status, next.status),
    checks,
    unchanged,
    elapsedSeconds: Math.round((Date.parse(next.takenAt) - Date.parse(prev.takenAt)) / 1000),
  };
}

/** True when nothing a user would notice changed. */
export function isEmptyDiff(d: ReportDiff): boolean {
  return !d.status && d.checks.length === 0;
}
