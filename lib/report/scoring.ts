/**
 * The one score on every report: 0–10, from the findings, with the points each finding costs kept
 * here as data (a policy change is one line).
 *
 * Why 0–10 and not A–F: the lines "−2: SPF fails for your server IP" only add up on a points
 * scale, so the score and its to-do list read as one; it is also the scale mail-tester users know.
 * A letter hides how close the next grade is.
 *
 * Rules:
 * - a finding costs POINTS[code], else DEFAULT_POINTS[severity] (pass and info cost nothing);
 * - what one group (a check, or a part of a message analysis) can cost is capped at CAP[group];
 * - a group that could not be tested (a check with status "error", or an "error" finding) costs
 *   its whole cap. Since no failure in a group can cost more than its cap, a score is never higher
 *   when a check could not run than when it ran and failed.
 */
import type { CheckResult, Finding, Severity } from '../checks/types';
import { describeFinding } from '../findings/catalog';
import type { MessageAnalysis } from '../message/types';
import type { DomainReport } from './types';

export const MAX_SCORE = 10;

/** Points a finding costs when its code is not listed below. */
const DEFAULT_POINTS: Record<Severity, number> = { pass: 0, info: 0, warn: 0.5, fail: 1, error: 0 };

/** Points per finding code. */
export const POINTS: Record<string, number> = {
  // Domain: SPF
  'spf.missing': 3,
  'spf.multiple-records': 3,
  'spf.syntax': 3,
  'spf.permerror': 3,
  'spf.too-many-lookups': 3,
  'spf.include-loop': 3,
  'spf.too-many-void-lookups': 2,
  'spf.include-missing': 2,
  'spf.plus-all': 2,
  'spf.ip-not-authorised': 2,
  // Domain: DKIM
  'dkim.selector-missing': 2,
  'dkim.none-found': 1,
  'dkim.revoked': 2,
  'dkim.key-invalid': 2,
  'dkim.rsa-too-short': 2,
  // Domain: DMARC (p=none meets every provider's rule; enforcement is still worth half a point)
  'dmarc.missing': 2,
  'dmarc.multiple-records': 2,
  'dmarc.bad-version': 2,
  'dmarc.policy-missing': 2,
  'dmarc.policy-invalid': 2,
  // Domain: reverse DNS, blocklists, MX
  'fcrdns.no-ptr': 2,
  'fcrdns.not-confirmed': 2,
  'dnsbl.listed': 3,
  'dnsbl.listed-range': 2,
  'mx.none': 1,
  'mx.domain-not-found': 1,
  // Message: authentication as verified by mxray
  'message.spf-fail': 2,
  'message.spf-softfail': 1,
  'message.spf-neutral': 1,
  'message.spf-none': 2,
  'message.spf-permerror': 3,
  'message.dkim-none': 1.5,
  'message.dkim-body-hash': 2,
  'message.dkim-bad-signature': 2,
  'message.dkim-no-key': 2,
  'message.dkim-bad-key': 2,
  'message.dkim-expired': 2,
  'message.dkim-unaligned': 1,
  'message.dmarc-fail': 2,
  'message.dmarc-fail-unaligned-spf': 2,
  'message.dmarc-none': 2,
  'message.dmarc-permerror': 2,
  'message.arc-fail': 1,
  // Gmail rejects mail without TLS (421/550 5.7.29): costs a point although the finding only informs.
  'message.border-no-tls': 1,
  'message.bulk-no-one-click': 1,
  'message.bulk-no-message-id': 1,
  'message.bulk-no-date': 1,
  // Unaligned From is what makes DMARC fail, which already costs its points.
  'message.bulk-from-unaligned': 0,
  // Content (lib/content). Missing Message-ID and Date already cost points under message.bulk-*.
  'content.html-only': 1,
  'content.parts-differ': 1,
  'content.image-only': 1.5,
  'content.message-id-missing': 0,
  'content.date-missing': 0,
  'content.huge': 1,
  'content.url-shortener': 1,
  'content.link-listed': 3,
  'content.bulk-no-list-unsubscribe': 1,
  'content.spam-score-high': 3,
  'content.spam-score-elevated': 1,
  // Verification did not happen: as bad as SPF, DKIM and DMARC all failing.
  'message.headers-truncated': 7,
};

/** Points that count only for bulk senders (≥5,000 a day), for whom Gmail and Yahoo require them. */
export const BULK_POINTS: Record<string, number> = {
  'message.bulk-no-list-unsubscribe': 1,
};

/** Most a group can cost; an untested group costs exactly this. Optional policies can only warn. */
export const CAP: Record<string, number> = {
  spf: 3,
  dkim: 2,
  dmarc: 2,
  mx: 1,
  fcrdns: 2,
  dnsbl: 3,
  'dnsbl-domain': 2,
  'mta-sts': 0.5,
  'tls-rpt': 0.5,
  bimi: 0.5,
  arc: 1,
  tls: 1,
  format: 2,
  hops: 0.5,
  verify: 7,
  content: 3,
  input: MAX_SCORE,
};
const DEFAULT_CAP = 1;

/** Which group a message finding belongs to. */
function messageGroup(code: string): string {
  const m = /^message\.(spf|dkim|dmarc|arc)-/.exec(code);
  if (m) return m[1]!;
  if (code.startsWith('message.bulk-')) return 'format';
  if (code.startsWith('message.hop-')) return 'hops';
  if (code === 'message.border-no-tls') return 'tls';
  if (code.startsWith('message.input-') || code === 'check.internal-error') return 'input';
  if (code.startsWith('content.')) return 'content';
  return 'verify';
}

export interface ScoreLine {
  /** Points lost, positive (shown as "−2"). */
  points: number;
  group: string;
  code: string;
  /** What the user reads after "−2: ". */
  text: string;
  /** True when the group could not be tested. */
  untested?: boolean;
}

export interface Score {
  value: number;
  max: typeof MAX_SCORE;
  /** Ordered by points lost: the list doubles as the to-do list. */
  lines: ScoreLine[];
}

interface Scored {
  group: string;
  finding: Finding;
}

function costOf(f: Finding, bulk: boolean): number {
  if (f.severity === 'pass') return 0;
  return (bulk ? BULK_POINTS[f.code] : undefined) ?? POINTS[f.code] ?? DEFAULT_POINTS[f.severity];
}

const round = (n: number) => Math.round(n * 10) / 10;

function score(items: Scored[], untestedGroups: Map<string, string>, bulk = false): Score {
  const lines: ScoreLine[] = [];
  const groups = new Map<string, Scored[]>();
  for (const it of items) groups.set(it.group, [...(groups.get(it.group) ?? []), it]);
  for (const it of items) if (it.finding.severity === 'error' && !untestedGroups.has(it.group)) untestedGroups.set(it.group, it.finding.code);
  for (const [group, code] of untestedGroups) {
    const cap = CAP[group] ?? DEFAULT_CAP;
    if (cap > 0) lines.push({ points: cap, group, code, text: `${describeFinding(code).title} (could not be tested)`, untested: true });
  }
  for (const [group, list] of groups) {
    if (untestedGroups.has(group)) continue;
    let left = CAP[group] ?? DEFAULT_CAP;
    const costly = list.map((s) => ({ s, cost: costOf(s.finding, bulk) })).filter((x) => x.cost > 0).sort((a, b) => b.cost - a.cost);
    for (const { s, cost } of costly) {
      const points = round(Math.min(cost, left));
      if (points <= 0) break;
      left = round(left - points);
      lines.push({ points, group, code: s.finding.code, text: describeFinding(s.finding.code).title });
    }
  }
  lines.sort((a, b) => b.points - a.points);
  const lost = lines.reduce((n, l) => n + l.points, 0);
  return { value: Math.max(0, round(MAX_SCORE - lost)), max: MAX_SCORE, lines };
}

/** Score of a domain check: each check is a group. */
export function scoreDomainReport(report: DomainReport): Score {
  const untested = new Map<string, string>();
  const items: Scored[] = [];
  for (const c of report.checks as CheckResult[]) {
    if (c.status === 'error') untested.set(c.id, c.findings.find((f) => f.severity === 'error')?.code ?? `${c.id}.lookup-error`);
    for (const f of c.findings) items.push({ group: c.id, finding: f });
  }
  return score(items, untested);
}

/**
 * Score of a message analysis (pasted or received), plus any content findings reported apart.
 * Bulk senders also lose what only bulk mail must have (List-Unsubscribe).
 */
export function scoreMessage(analysis: MessageAnalysis, extra: Finding[] = [], senders: 'bulk' | 'one-to-one' = 'bulk'): Score {
  const items = [...analysis.findings, ...extra].map((f) => ({ group: messageGroup(f.code), finding: f }));
  return score(items, new Map(), senders === 'bulk');
}

/** "−2: SPF fails for your server IP" */
export function formatScoreLine(l: ScoreLine): string {
  return `−${l.points}: ${l.text}`;
}
