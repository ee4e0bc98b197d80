import type { CheckStatus, Finding } from '../checks/types';

/** RFC 8601 result values. */
export type AuthVerdict = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/** How the message reached mxray: for live test mail, the real SMTP envelope. */
export interface Envelope {
  ip: string;
  helo?: string;
  mailFrom?: string;
  rcptTo?: string[];
}

/**
 * One relay step from a Received header. `hops` are in chronological order (the sender's first
 * hop first, the final delivery last); `delaySeconds` is the time since the previous hop.
 */
export interface Hop {
  from?: string;
  by?: string;
  with?: string;
  ip?: string;
  tls?: string;
  /** ISO time from the Received header, if parseable. */
  at?: string;
  delaySeconds?: number;
  /** Reverse-DNS name the receiving MTA wrote next to the IP, when it differs from the HELO name. */
  rdns?: string;
  id?: string;
  for?: string;
  /** True for the hop where mail entered the receiver from outside (the one SPF is judged on). */
  boundary?: boolean;
  /** Clock-skew or parse warnings for this hop. */
  warnings?: string[];
}

export interface SpfSide {
  result: AuthVerdict;
  domain?: string;
  ip?: string;
  detail?: string;
  /** verified only: where the IP came from ("envelope", "receiver" = its Received-SPF/AR, "received" = border hop). */
  source?: string;
  helo?: string;
  sender?: string;
}

export interface DkimSide {
  result: AuthVerdict;
  domain?: string;
  selector?: string;
  detail?: string;
  algorithm?: string;
  /** verified only: whether the body hash was compared ("not-checked" when the paste has no body). */
  bodyHash?: 'match' | 'mismatch' | 'not-checked';
  /** verified only: d= aligns with the From domain (relaxed). */
  aligned?: boolean;
}

export interface DmarcSide {
  result: AuthVerdict;
  /** The published policy that applies (p=, or sp=/np= inherited). */
  policy?: string;
  detail?: string;
  fromDomain?: string;
  alignment?: string;
  /** verified only (RFC 9989): where the policy came from and the From domain's Organizational Domain (tree walk). */
  recordName?: string;
  orgDomain?: string;
  /** verified only: t=y, so receivers apply `appliedPolicy`, one step less than `policy`. */
  testing?: boolean;
  appliedPolicy?: string;
  /** verified only: what an RFC 7489 receiver (mailauth 4.13: Public Suffix List, pct, no np=/t=) decides. */
  rfc7489?: { result: AuthVerdict; policy?: string };
}

export interface AuthSide {
  spf?: SpfSide;
  dkim: DkimSide[];
  dmarc?: DmarcSide;
  arc?: { result: AuthVerdict; detail?: string; instances?: number };
}

export type InputFormat = 'eml' | 'headers' | 'gmail-original';

/** What mxray made of the pasted text before analysing it. */
export interface InputInfo {
  format: InputFormat;
  /** Provider whose headers these look like (gmail, office365, yahoo, fastmail, …), when recognisable. */
  provider?: string;
  hasBody: boolean;
  bytes: number;
  headerFields: number;
  /** Set when the header section was cut to the limits; says what was dropped. */
  truncated?: string;
  /** Gmail "Show original" summary rows (label → value), when the paste was that page. */
  gmailSummary?: Record<string, string>;
  /** Set when the input could not be analysed at all (empty, binary, too large). */
  error?: { code: string; message: string };
}

export interface BulkSenderView {
  listUnsubscribe: boolean;
  oneClick: boolean;
  messageId: boolean;
  date: boolean;
  fromAligned?: boolean;
}

/** What `mxray analyze`, POST /api/analyze, the inbound listener and the report page share. */
export interface MessageAnalysis {
  kind: 'analysis';
  status: CheckStatus;
  subject?: string;
  from?: string;
  /** What the receiver said (Authentication-Results etc.); absent when no receiver header is there. */
  receiver: AuthSide & { authservId?: string; compauth?: string };
  /** What mxray verified itself with mailauth. */
  verified: AuthSide;
  hops: Hop[];
  findings: Finding[];
  takenAt: string;
  input?: InputInfo;
  bulkSender?: BulkSenderView;
  messageId?: string;
  date?: string;
  ms?: number;
}
