import type { AuthVerdict, MessageAnalysis } from './types';

/**
 * What changed between two verifications of the same message (a stored report and the same message
 * verified again after the sender fixed DNS). Only mxray's own verdicts are compared: the receiver's
 * Authentication-Results are part of the message and cannot change.
 */
export interface VerdictChange {
  /** "SPF", "DMARC", "ARC", "DKIM d=example.com s=mail", or "DKIM" for an unsigned message. */
  check: string;
  /** "absent" when that side had no verdict for it (e.g. a signature not verified before). */
  before: AuthVerdict | 'absent';
  after: AuthVerdict | 'absent';
  changed: boolean;
}

function dkimKey(d: { domain?: string; selector?: string }): string {
  // An unsigned message has one DKIM verdict ("none") that names no signature.
  if (d.domain === undefined && d.selector === undefined) return 'DKIM';
  return `DKIM d=${d.domain ?? '?'} s=${d.selector ?? '?'}`;
}

export function diffVerdicts(before: MessageAnalysis, after: MessageAnalysis): VerdictChange[] {
  const rows: VerdictChange[] = [];
  const add = (check: string, b: AuthVerdict | undefined, a: AuthVerdict | undefined) => {
    if (b === undefined && a === undefined) return;
    rows.push({ check, before: b ?? 'absent', after: a ?? 'absent', changed: b !== a });
  };
  add('SPF', before.verified.spf?.result, after.verified.spf?.result);
  const beforeDkim = new Map(before.verified.dkim.map((d) => [dkimKey(d), d.result]));
  const afterDkim = new Map(after.verified.dkim.map((d) => [dkimKey(d), d.result]));
  for (const key of new Set([...beforeDkim.keys(), ...afterDkim.keys()])) add(key, beforeDkim.get(key), afterDkim.get(key));
  add('DMARC', before.verified.dmarc?.result, after.verified.dmarc?.result);
  add('ARC', before.verified.arc?.result, after.verified.arc?.result);
  return rows;
}
