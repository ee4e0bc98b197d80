/**
 * The headline of a message report. Who decides it: for a received test message mxray itself was
 * the receiver; for a paste with the receiver's own Authentication-Results, the receiver (it saw
 * the original bytes, mxray sees a copy); otherwise mxray's verification.
 */
import { statusFromFindings, type CheckStatus } from '../checks/types';
import type { AuthSide, AuthVerdict, MessageFinding, MessageHeadline } from './types';

function listVerdicts(side: AuthSide): string {
  const parts: string[] = [];
  if (side.spf) parts.push(`SPF ${side.spf.result}`);
  const signed = side.dkim.filter((d) => d.domain);
  if (signed.length) parts.push(`DKIM ${signed.some((d) => d.result === 'pass') ? 'pass' : signed[0]!.result}`);
  else if (side.dkim.length) parts.push(`DKIM ${side.dkim[0]!.result}`);
  if (side.dmarc) parts.push(`DMARC ${side.dmarc.result}`);
  return parts.join(', ');
}

/** DMARC decides when the receiver wrote it (RFC 7489 §6.6); without it, an SPF or DKIM pass with no failure. */
function authStatus(side: AuthSide): CheckStatus | undefined {
  const dmarc: AuthVerdict | undefined = side.dmarc?.result;
  if (dmarc === 'pass') return 'pass';
  if (dmarc === 'fail') return 'fail';
  if (dmarc === 'temperror') return 'error';
  const anyPass = side.spf?.result === 'pass' || side.dkim.some((d) => d.result === 'pass');
  const anyFail = side.spf?.result === 'fail' || side.dkim.some((d) => d.result === 'fail');
  if (anyFail) return anyPass ? 'warn' : 'fail';
  return anyPass ? 'pass' : undefined;
}

function problemsWord(findings: MessageFinding[]): string {
  const n = findings.filter((f) => f.severity === 'warn' || f.severity === 'fail' || f.severity === 'error').length;
  return n ? ` ${n} thing${n === 1 ? '' : 's'} to look at below.` : '';
}

export interface HeadlineInput {
  receiver: AuthSide & { authservId?: string };
  verified: AuthSide;
  /** The receiver's verdicts are its own (matched authserv-id, topmost AR or ARC-AR). */
  receiverTrusted: boolean;
  /** The message arrived at mxray's own listener: mxray was the receiver. */
  received: boolean;
  findings: MessageFinding[];
}

export function decideHeadline(h: HeadlineInput): MessageHeadline {
  const findingStatus = statusFromFindings(h.findings);
  if (h.received) {
    const v = listVerdicts(h.verified);
    return { status: findingStatus, basis: 'receiver', text: `mxray received this test message${v ? ` and found ${v}` : ''}.${problemsWord(h.findings)}` };
  }
  const byReceiver = h.receiverTrusted ? authStatus(h.receiver) : undefined;
  if (byReceiver) {
    // A receiver pass stays a pass unless mxray found something outright broken that the receiver
    // does not vouch for (those contradictions were already turned into notes).
    const status: CheckStatus = byReceiver === 'pass' && findingStatus === 'fail' ? 'warn' : byReceiver;
    const who = h.receiver.authservId ?? 'The receiver';
    const verb = status === 'pass' ? 'passed this message' : status === 'fail' ? 'did not authenticate this message' : 'gave mixed results';
    return { status, basis: 'receiver', text: `${who} ${verb}: ${listVerdicts(h.receiver)}.${problemsWord(h.findings)}` };
  }
  const v = listVerdicts(h.verified);
  return { status: findingStatus, basis: 'mxray', text: `No receiver verdicts in the paste; mxray's own verification found ${v || 'nothing to verify'}.${problemsWord(h.findings)}` };
}
