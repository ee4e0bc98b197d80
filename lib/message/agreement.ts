/**
 * Where mxray's re-verification of a paste disagrees with the receiver's own verdicts. The
 * receiver verified the original bytes when the message arrived; mxray verifies a copy, later, with
 * today's DNS. So a receiver "pass" stands, and mxray's differing result becomes a note that says
 * what most likely changed (the paste, the key, the record, the body in transit), not a failure the
 * sender would chase. An ARC seal added by the receiver itself is the receiver's business, not the
 * sender's: its result is a note too.
 */
import type { AuthSide, AuthVerdict, MessageFinding } from './types';
import { orgOf } from './receiver';

/** What the paste itself shows about how it was copied. */
export interface PasteHints {
  /** Lines that end in spaces or tabs (copying from a web page adds them; DKIM "simple" does not forgive them). */
  trailingWhitespaceLines: number;
  lineEndings: 'CRLF' | 'LF' | 'mixed';
}

export function pasteHints(raw: Buffer): PasteHints {
  const text = raw.toString('latin1');
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  // A scan per line, not /[ \t]+\r?\n/g: that regex restarts at every blank of a long run without
  // a line break and turns a 64 KiB run of spaces into seconds of CPU.
  let trailing = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', end + 1)) {
    let i = end - 1;
    if (i >= 0 && text.charCodeAt(i) === 13) i--;
    const c = i >= 0 ? text.charCodeAt(i) : 0;
    if (c === 32 || c === 9) trailing++;
  }
  return { trailingWhitespaceLines: trailing, lineEndings: crlf > 0 && lf > 0 ? 'mixed' : crlf > 0 ? 'CRLF' : 'LF' };
}

export interface AgreementInput {
  receiver: AuthSide & { authservId?: string };
  verified: AuthSide;
  /** The receiver's verdicts count only when they are the receiver's own (not an upstream AR). */
  receiverTrusted: boolean;
  hints: PasteHints;
  hasBody: boolean;
  /** d= of the newest ARC-Seal, when the message has one. */
  newestSealDomain?: string;
}

const DKIM_CODES = new Set(['message.dkim-body-hash', 'message.dkim-bad-signature', 'message.dkim-no-key', 'message.dkim-expired', 'message.dkim-temperror', 'message.dkim-bad-key', 'message.dkim-other', 'message.dkim-weak-key']);
const SPF_CODES = new Set(['message.spf-fail', 'message.spf-softfail', 'message.spf-neutral', 'message.spf-none', 'message.spf-permerror', 'message.spf-temperror']);
const DMARC_CODES = new Set(['message.dmarc-fail', 'message.dmarc-fail-unaligned-spf', 'message.dmarc-none', 'message.dmarc-permerror', 'message.dmarc-temperror']);

function pasteWords(h: PasteHints): string {
  const seen: string[] = [];
  if (h.trailingWhitespaceLines > 0) seen.push(`${h.trailingWhitespaceLines} line${h.trailingWhitespaceLines === 1 ? '' : 's'} of the paste end in spaces`);
  if (h.lineEndings !== 'CRLF') seen.push(h.lineEndings === 'LF' ? 'the paste has LF line endings instead of CRLF' : 'the paste mixes CRLF and LF line endings');
  return seen.length ? ` (${seen.join('; ')})` : '';
}

function dkimWhy(f: MessageFinding, a: AgreementInput): string {
  const name = `${String(f.data?.selector ?? '?')}._domainkey.${String(f.data?.domain ?? '?')}`;
  switch (f.code) {
    case 'message.dkim-body-hash':
      return `Likely the copy altered the body: trailing whitespace, line endings or line wrapping changed when it was copied${pasteWords(a.hints)}; or the body was modified in transit after the receiver verified it (a list footer, a virus scanner).`;
    case 'message.dkim-no-key':
    case 'message.dkim-bad-key':
    case 'message.dkim-weak-key':
      return `Likely the key was rotated or removed since the message was received: ${name} no longer holds the key that signed it.`;
    case 'message.dkim-expired':
      return 'The signature has expired since (x=); receivers only judge it when the message arrives.';
    case 'message.dkim-temperror':
      return `The key ${name} could not be fetched now; that is a DNS problem of today, not of the delivery.`;
    default:
      return `Likely the copy altered a signed header (folding or whitespace changed when it was copied${pasteWords(a.hints) ? `;${pasteWords(a.hints).slice(1, -1)}` : ''}), or the key at ${name} was rotated since the message was received.${a.hasBody ? '' : ' The paste has no body, so only header signatures could be compared.'}`;
  }
}

function receiverName(a: AgreementInput): string {
  return a.receiver.authservId ? `The receiver (${a.receiver.authservId})` : 'The receiver';
}

function dkimPassedAtReceiver(a: AgreementInput, f: MessageFinding): boolean {
  const domain = typeof f.data?.domain === 'string' ? f.data.domain : undefined;
  const selector = typeof f.data?.selector === 'string' ? f.data.selector : undefined;
  return a.receiver.dkim.some((r) => r.result === 'pass' && r.domain === domain && (!r.selector || !selector || r.selector === selector));
}

function note(f: MessageFinding, code: string, detail: string): MessageFinding {
  return { code, severity: 'info', detail, data: { ...f.data, mxrayFinding: f.code, mxraySeverity: f.severity } };
}

/** The findings with every contradiction of a receiver pass turned into an explained note. */
export function reconcile(findings: MessageFinding[], a: AgreementInput): MessageFinding[] {
  const pass = (v: AuthVerdict | undefined) => a.receiverTrusted && v === 'pass';
  const who = receiverName(a);
  return findings.map((f) => {
    if (DKIM_CODES.has(f.code) && a.receiverTrusted && dkimPassedAtReceiver(a, f)) {
      return note(f, 'message.reverify-dkim-differs', `${who} verified DKIM d=${String(f.data?.domain)} as pass when the message arrived; mxray's re-verification of this copy does not (${f.detail.replace(/^DKIM [^:]*: /, '').replace(/\.$/, '')}). ${dkimWhy(f, a)}`);
    }
    if (SPF_CODES.has(f.code) && pass(a.receiver.spf?.result)) {
      return note(f, 'message.reverify-spf-differs', `${who} found SPF pass for ${a.receiver.spf?.ip ?? 'the sending IP'} when the message arrived; with today's DNS mxray gets ${a.verified.spf?.result ?? 'no result'}. Likely the SPF record of ${a.verified.spf?.domain ?? 'the envelope domain'} (or one it includes) changed since, which matters for new mail only: run a domain check to see today's record.`);
    }
    if (DMARC_CODES.has(f.code) && pass(a.receiver.dmarc?.result)) {
      return note(f, 'message.reverify-dmarc-differs', `${who} found DMARC pass when the message arrived; mxray's re-verification gets ${a.verified.dmarc?.result ?? 'no result'} because its own SPF or DKIM result for this copy differs (see the notes above).`);
    }
    if ((f.code === 'message.arc-fail' || f.code === 'message.arc-temperror') && a.newestSealDomain && a.receiver.authservId && orgOf(a.newestSealDomain) === orgOf(a.receiver.authservId)) {
      return note(f, 'message.arc-receiver-seal', `The newest ARC seal was added by ${a.newestSealDomain}, the receiver itself, after the message arrived; ${f.detail.replace(/\.$/, '')} on this copy says nothing about how the sender sent it.`);
    }
    return f;
  });
}

/** d= of the ARC-Seal with the highest i=, from the raw header values. */
export function newestSealDomain(sealValues: string[]): string | undefined {
  let best: { i: number; d: string } | undefined;
  for (const v of sealValues) {
    const flat = v.replace(/\s+/g, '');
    const i = Number(/(?:^|;)i=(\d+)/.exec(flat)?.[1] ?? 0);
    const d = /(?:^|;)d=([^;]+)/.exec(flat)?.[1];
    if (d && (!best || i > best.i)) best = { i, d: d.toLowerCase() };
  }
  return best?.d;
}
