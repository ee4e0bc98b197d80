import type { CheckResult, CheckStatus } from '../checks/types';
import type { DnsStats, QueryTrace } from '../dns/types';

export interface DomainCheckInput {
  domain: string;
  ip?: string;
  selectors?: string[];
  /** Envelope sender and HELO for SPF evaluation (default postmaster@domain / the domain). */
  sender?: string;
  helo?: string;
}

export interface DnsSummary extends DnsStats {
  servers: string[];
  trace: QueryTrace[];
}

/** What `mxray check`, POST /api/checks and the report page share. */
export interface DomainReport {
  kind: 'check';
  domain: string;
  /** Set when the user typed an IDN: what they typed. */
  domainInput?: string;
  ip?: string;
  selectors?: string[];
  takenAt: string;
  status: CheckStatus;
  checks: CheckResult[];
  dns: DnsSummary;
  ms: number;
  /** Set when the report as a whole cannot be trusted, e.g. no DNS server answered at all. */
  notice?: { code: string; message: string };
}
