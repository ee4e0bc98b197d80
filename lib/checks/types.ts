import type { DnsResolver } from '../dns/resolver';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'info' | 'error';
export type Severity = 'pass' | 'info' | 'warn' | 'fail' | 'error';

/** Stable check ids: reports and the wording catalog key on them. */
export type CheckId =
  | 'spf'
  | 'dkim'
  | 'dmarc'
  | 'mx'
  | 'fcrdns'
  | 'dnsbl'
  | 'dnsbl-domain'
  | 'mta-sts'
  | 'tls-rpt'
  | 'bimi'
  | 'port25'
  | 'smtp'
  | 'dnssec'
  | 'dane';

/**
 * One observation. `code` is stable (e.g. "spf.too-many-lookups"); the words a user reads for it
 * live in lib/findings/catalog.ts. `detail` is the specific sentence for this instance.
 */
export interface Finding {
  code: string;
  severity: Severity;
  detail: string;
  /** Extra structured facts (counts, names) for renderers and the API. */
  data?: Record<string, unknown>;
}

/** A DNS record as seen (or as it should be published). */
export interface RecordView {
  name: string;
  type: string;
  value: string;
  /** Character-strings as published (TXT); shows how a record was split. */
  strings?: string[];
  ttl?: number;
}

/**
 * Where the user carries a fix out: their own DNS zone, the hosting panel (reverse DNS / PTR),
 * their relay's configuration (Postfix, OpenDKIM), their provider (port 25), or their web server
 * (the MTA-STS policy file).
 */
export type FixWhere = 'dns' | 'hosting-panel' | 'relay' | 'provider' | 'web-server';

/** One record of a fix. A PTR is never in the user's zone: it is set in the hosting panel. */
export interface FixRecord {
  name: string;
  type: string;
  value: string;
  strings?: string[];
}

/**
 * What the what-if run found: the check run again with the fix's records overlaid on the same DNS
 * answers. `resolved` is true when none of the findings the fix aims at remains.
 */
export interface FixProof {
  resolved: boolean;
  before: CheckStatus;
  after: CheckStatus;
  /** Problem finding codes still present after the fix (what it could not fix). */
  remaining: string[];
  /** Why the fix is withheld, for the user, when not resolved. */
  reason?: string;
}

/** The exact thing to publish or change. */
export interface Fix {
  summary: string;
  records: FixRecord[];
  /** When the fix replaces a record, the one to remove. */
  replaces?: string;
  /** Files to serve on the user's web server (the MTA-STS policy), by URL. */
  files?: { url: string; content: string }[];
  /** Where the fix is done; absent means "dns" when there are records. */
  where?: FixWhere;
  /** Settings or actions in order (a Postfix line, the opendkim-genkey command). */
  steps?: string[];
  /** What the fix changed beyond the obvious (dropped void includes, inlined ranges to refresh). */
  notes?: string[];
  /** Set once the what-if run has evaluated the records (lib/fixes/prove.ts). */
  proof?: FixProof;
}

export interface CheckResult<D = unknown> {
  id: CheckId;
  status: CheckStatus;
  title: string;
  summary: string;
  findings: Finding[];
  records: RecordView[];
  fix?: Fix;
  /** Check-specific typed data (e.g. the SPF tree). */
  data?: D;
  ms?: number;
}

/** Limits that bound the work one request may cause. */
export interface CheckLimits {
  maxDkimSelectors: number;
  maxDnsQuestions: number;
}

/** One context object per check run instead of the same options threaded everywhere. */
export interface CheckContext {
  dns: DnsResolver;
  limits: CheckLimits;
  /** Wall-clock for "taken at" and DKIM expiry comparisons. */
  now: Date;
  /** A what-if run (lib/fixes/prove.ts): files taken as served at these URLs instead of fetched. */
  whatIf?: { files: ReadonlyMap<string, string> };
}

export const DEFAULT_LIMITS: CheckLimits = { maxDkimSelectors: 40, maxDnsQuestions: 2000 };

/** The worst status wins; "error" (could not test) ranks below "fail" but above "warn". */
const RANK: Record<CheckStatus, number> = { pass: 0, info: 1, warn: 2, error: 3, fail: 4 };

export function worst(statuses: CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((acc, s) => (RANK[s] > RANK[acc] ? s : acc), 'pass');
}

export function statusFromFindings(findings: Finding[]): CheckStatus {
  return worst(findings.map((f) => (f.severity === 'info' ? 'pass' : f.severity)));
}
