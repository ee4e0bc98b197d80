export type ProviderId = 'gmail' | 'yahoo' | 'outlook';

export type RequirementId = 'auth-any' | 'spf' | 'dkim' | 'dmarc-record' | 'dmarc-aligned' | 'ptr' | 'tls' | 'format' | 'one-click' | 'arc' | 'spam-rate';

export type Applies = 'all' | 'bulk' | 'forwarders' | 'guidance';

export interface RuleSource {
  url: string;
  /** When the rule took effect or the page was last read (ISO date). */
  date: string;
  title: string;
}

export interface ProviderRule {
  requirement: RequirementId;
  applies: Applies;
  /** The SMTP reply the provider gives when the requirement is not met, when it publishes one. */
  reply?: string;
  source: RuleSource;
}

export interface ProviderRules {
  name: string;
  rules: ProviderRule[];
}

/** "unknown": mxray has no evidence either way (no test message, no server IP, DNS timeout). Never pass. */
export type RowStatus = 'pass' | 'fail' | 'unknown';

/** Where a row's answer came from: the domain check, the test message, or both. */
export type EvidenceSource = 'domain' | 'message';

export interface Evidence {
  status: RowStatus;
  from: EvidenceSource[];
  /** One sentence: what mxray saw (or what it needs to decide). */
  detail: string;
}

export type EvidenceMap = Record<RequirementId, Evidence>;

export interface ProviderRow {
  requirement: RequirementId;
  text: string;
  status: RowStatus;
  /** Counts toward the verdict for this kind of sender. */
  required: boolean;
  applies: Applies;
  from: EvidenceSource[];
  detail: string;
  source: RuleSource;
  /** The reply to expect; set only when the row fails. */
  reply?: string;
}

export interface ProviderVerdict {
  provider: ProviderId;
  name: string;
  /** fail when a required row fails; unknown when none fails but one is unknown; else pass. */
  verdict: RowStatus;
  met: number;
  required: number;
  rows: ProviderRow[];
}

/** Bulk: ≥5,000 messages a day to one provider. One-to-one senders need only the rows for all. */
export type SenderKind = 'bulk' | 'one-to-one';
