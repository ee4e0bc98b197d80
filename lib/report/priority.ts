/**
 * Worst first: what hurts delivery most comes first, and one next step heads every report. The
 * ranking is data, kept here in one place: a blocklist listing or an SPF/DMARC failure makes Gmail
 * reject mail, a missing optional record (MTA-STS, TLS-RPT, BIMI) does not.
 */
import type { CheckResult, CheckStatus, Fix } from '../checks/types';

/**
 * How much a problem in each check costs delivery, 0–100. Checks not named here (added later,
 * e.g. dnssec, dane) get DEFAULT_IMPACT and are ordered by their severity like any other.
 */
export const CHECK_IMPACT: Readonly<Record<string, number>> = {
  dnsbl: 100, // listed: mail rejected whatever the domain's setup
  port25: 95, // blocked: nothing leaves the server at all
  spf: 90, // Gmail and Yahoo require SPF or DKIM to pass, and DMARC alignment
  dmarc: 85,
  dkim: 80,
  fcrdns: 75, // Gmail rejects mail from IPs without forward-confirmed reverse DNS
  smtp: 70,
  'dnsbl-domain': 65,
  mx: 50, // receiving mail and bounces
  dnssec: 35,
  dane: 30,
  'mta-sts': 25,
  'tls-rpt': 15,
  bimi: 10,
};
export const DEFAULT_IMPACT = 40;

/** Severity decides first: a failing optional check still outranks a warning on a core one. */
const STATUS_WEIGHT: Record<CheckStatus, number> = { fail: 4, error: 3, warn: 2, info: 1, pass: 0 };

export function impactOf(id: string): number {
  return CHECK_IMPACT[id] ?? DEFAULT_IMPACT;
}

/** Checks worst first: by status, then by impact on delivery, then in their original order. */
export function rankChecks<C extends Pick<CheckResult, 'id' | 'status'>>(checks: readonly C[]): C[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => STATUS_WEIGHT[b.c.status] - STATUS_WEIGHT[a.c.status] || impactOf(b.c.id) - impactOf(a.c.id) || a.i - b.i)
    .map((x) => x.c);
}

/** Findings of one check, worst first (stable within a severity). */
export function rankFindings<F extends { severity: CheckStatus }>(findings: readonly F[]): F[] {
  return findings.map((f, i) => ({ f, i })).sort((a, b) => STATUS_WEIGHT[b.f.severity] - STATUS_WEIGHT[a.f.severity] || a.i - b.i).map((x) => x.f);
}

/** The single most important thing to do next, or that there is nothing to do. */
export interface NextStep {
  status: CheckStatus;
  /** The check it concerns (absent when everything passes). */
  checkId?: string;
  title: string;
  /** One sentence: the fix's summary when there is a proven one, else what is wrong. */
  text: string;
  where?: Fix['where'];
}

const WHERE_WORDS: Record<NonNullable<Fix['where']>, string> = {
  dns: 'in your DNS zone',
  'hosting-panel': "in your hosting provider's panel",
  relay: "in your relay's configuration",
  provider: 'with your provider',
  'web-server': 'on your web server',
};

export function whereWords(where: Fix['where'] | undefined): string | undefined {
  return where ? WHERE_WORDS[where] : undefined;
}

export function nextStep(checks: readonly CheckResult[]): NextStep {
  const top = rankChecks(checks).find((c) => c.status === 'fail' || c.status === 'error' || c.status === 'warn');
  if (!top) {
    return { status: 'pass', title: 'Nothing to fix', text: `All ${checks.length} checks pass: receivers such as Gmail have no reason in DNS to reject this domain's mail.` };
  }
  const finding = rankFindings(top.findings).find((f) => f.severity === top.status) ?? top.findings[0];
  const fix = top.fix && top.fix.proof?.resolved !== false ? top.fix : undefined;
  const verb = top.status === 'error' ? 'Could not test' : 'Fix';
  return {
    status: top.status,
    checkId: top.id,
    title: `${verb} ${top.title} first`,
    text: fix ? `${fix.summary.split('\n')[0]}${fix.where && fix.where !== 'dns' ? ` (${WHERE_WORDS[fix.where]})` : ''}` : (finding?.detail ?? top.summary),
    ...(fix?.where ? { where: fix.where } : {}),
  };
}
