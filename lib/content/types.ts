import type { Finding } from '../checks/types';

/** One SpamAssassin rule that fired, as spamd reported it. */
export interface SpamRule {
  name: string;
  points: number;
  description: string;
}

export type SpamAssassinResult =
  | { state: 'scanned'; score: number; required: number; rules: SpamRule[]; ms: number }
  /** Not installed, switched off, or it failed: `reason` is the sentence users read. */
  | { state: 'unavailable'; reason: string }
  | { state: 'error'; reason: string };

/** Content checks of one message: SpamAssassin's verdict and mxray's own findings. */
export interface ContentReport {
  state: 'done';
  spamassassin: SpamAssassinResult;
  findings: Finding[];
  /** Link domains found in the body (at most MAX_LINK_DOMAINS), with what mxray learnt of each. */
  links: { domain: string; count: number; aligned: boolean; shortener: boolean; listed?: string[] }[];
  ms: number;
}

/** Stored while content checks still run (received test messages: they finish after the 250). */
export interface ContentPending {
  state: 'pending';
  since: string;
}

export type ContentState = ContentReport | ContentPending;
