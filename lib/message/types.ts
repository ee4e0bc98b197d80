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

/**
 * What the sender can do about a message finding, and where: a record in their DNS zone (proven by
 * evaluating it against today's DNS with the record overlaid), or a setting on their relay.
 */
export interface MessageFix {
  where: 'dns' | 'relay';
  summary: string;
  record?: { name: string; type: string; value: string };
  /** A relay setting, e.g. Postfix main.cf `smtp_tls_security_level = may`. */
  setting?: { file: string; line: string };
  /** For a record: the verdict mxray got with the record overlaid on today's DNS answers. */
  proof?: { result: AuthVerdict; detail?: string };
}

/** A message finding, with the fix when the sender can carry one out. */
export interface MessageFinding extends Finding {
  fix?: MessageFix;
}

/**
 * The one-line verdict at the top of a message report. For a pasted message that carries the
 * receiver's own Authentication-Results it follows those (the receiver saw the original bytes);
 * for a received test message mxray was the receiver; otherwise it follows mxray's verification.
 */
export interface MessageHeadline {
  status: CheckStatus;
  basis: 'receiver' | 'mxray';
  text: string;
}

/** What mxray's own listener saw while receiving a test message (the SMTP side of the receipt). */
export interface Receipt {
  ip: string;
  helo: string;
  tls: { protocol: string; cipher: string } | null;
  mailFrom: string;
  /** Recipients with the test-address token left out (t-…@domain): the token is the address's secret. */
  rcptTo: string[];
  size: number;
  /** The SMTP dialogue in order, commands with their parameters and mxray's replies in brief. */
  dialogue: string[];
  receivedAt: string;
  /** mxray's host name, as it stamps its own hop. */
  by: string;
  /**
   * DNS facts about the connecting IP, looked up while the message is analysed (before the 250):
   * PTR names, whether one resolves back to the IP (FCrDNS), whether the HELO name is confirmed.
   */
  rdns?: { names: string[]; confirmed: boolean; heloMatches: boolean; status: CheckStatus; summary: string };
  dnsbl?: { status: CheckStatus; listed: string[]; checked: number; summary: string };
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
  findings: MessageFinding[];
  headline?: MessageHeadline;
  /** Set for a test message received by mxray's own listener. */
  receipt?: Receipt;
  takenAt: string;
  input?: InputInfo;
  bulkSender?: BulkSenderView;
  messageId?: string;
  date?: string;
  ms?: number;
}
