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

export interface Hop {
  from?: string;
  by?: string;
  with?: string;
  ip?: string;
  tls?: string;
  /** ISO time from the Received header, if parseable. */
  at?: string;
  delaySeconds?: number;
}

export interface AuthSide {
  spf?: { result: AuthVerdict; domain?: string; ip?: string; detail?: string };
  dkim: { result: AuthVerdict; domain?: string; selector?: string; detail?: string }[];
  dmarc?: { result: AuthVerdict; policy?: string; detail?: string };
  arc?: { result: AuthVerdict; detail?: string };
}

/** What `mxray analyze`, POST /api/analyze, the inbound listener and the report page share. */
export interface MessageAnalysis {
  kind: 'analysis';
  status: CheckStatus;
  subject?: string;
  from?: string;
  /** What the receiver said (Authentication-Results etc.); absent when no receiver header is there. */
  receiver: AuthSide & { authservId?: string };
  /** What mxray verified itself with mailauth. */
  verified: AuthSide;
  hops: Hop[];
  findings: Finding[];
  takenAt: string;
}
