/**
 * Message analysis: what the receiver said about a message, what mxray verifies itself, the relay
 * hops, and what to fix. Used by `mxray analyze`, POST /api/analyze and the inbound listener.
 * Never throws: unusable input comes back with status "error" and `input.error`.
 */
import { statusFromFindings, type CheckContext } from '../checks/types';
import { bulkSenderBasics } from './bulk-sender';
import { MAX_INPUT_BYTES, binaryRatio, detectInput, detectProvider } from './detect';
import { findEntry } from './entry';
import { newestSealDomain, pasteHints, reconcile } from './agreement';
import { explainArc, explainDkim, explainDmarc, explainHops, explainSpf } from './explain';
import { withFixes } from './fixes';
import { decideHeadline } from './headline';
import { receiptHop } from './receipt';
import { MAX_HEADER_BYTES, type HeaderField, addressOf, all, decodeEncodedWords, first, parseHeaderSection, splitMessage } from './headers';
import { buildHops, parseDate } from './received';
import { readReceiver } from './receiver';
import type { Envelope, InputInfo, MessageAnalysis, MessageFinding, Receipt } from './types';
import { verifyMessage } from './verify';

export type { Envelope, MessageAnalysis } from './types';

export interface AnalyzeOptions {
  ctx: CheckContext;
  /** The real SMTP envelope when the message arrived at mxray's listener. */
  envelope?: Envelope;
  /** What mxray's listener saw while receiving the message (IP, rDNS, HELO, TLS, dialogue). */
  receipt?: Receipt;
}

/**
 * Header fields every real message or header paste has at least one of (RFC 5322 §3.6 origination,
 * destination and trace fields, and what receivers add). "Note: call Bob" is not a message.
 */
const MAIL_HEADERS = new Set(['from', 'to', 'cc', 'subject', 'date', 'received', 'message-id', 'return-path', 'delivered-to', 'reply-to', 'sender', 'mime-version', 'content-type', 'authentication-results', 'arc-seal', 'arc-authentication-results', 'arc-message-signature', 'dkim-signature', 'received-spf', 'x-received', 'list-unsubscribe', 'in-reply-to', 'references']);

/** Share of control bytes above which the input is binary junk rather than a message. */
const MAX_BINARY_RATIO = 0.05;

function failInput(opts: AnalyzeOptions, started: number, bytes: number, code: string, message: string): MessageAnalysis {
  return failedAnalysis(opts.ctx.now, Date.now() - started, bytes, code, message);
}

/** An analysis that could not look at the message at all (bad input, a bug, a time limit). */
export function failedAnalysis(now: Date, ms: number, bytes: number, code: string, message: string): MessageAnalysis {
  return {
    kind: 'analysis',
    status: 'error',
    receiver: { dkim: [] },
    verified: { dkim: [] },
    hops: [],
    findings: [{ code, severity: 'error', detail: message }],
    takenAt: now.toISOString(),
    input: { format: 'eml', hasBody: false, bytes, headerFields: 0, error: { code, message } },
    ms,
  };
}

export async function analyzeMessage(input: string | Buffer, opts: AnalyzeOptions): Promise<MessageAnalysis> {
  const started = Date.now();
  try {
    return await analyze(input, opts, started);
  } catch (e) {
    // A bug must not take the listener or the API down with it: report it as "could not analyse".
    return failInput(opts, started, typeof input === 'string' ? input.length : input.length, 'check.internal-error', `mxray could not analyse this message: ${(e as Error).message}`.slice(0, 300));
  }
}

async function analyze(input: string | Buffer, opts: AnalyzeOptions, started: number): Promise<MessageAnalysis> {
  const { ctx } = opts;
  if (typeof input === 'string' && input.length > MAX_INPUT_BYTES) {
    return failInput(opts, started, input.length, 'message.input-too-large', `The input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB.`);
  }
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (buf.length > MAX_INPUT_BYTES) {
    return failInput(opts, started, buf.length, 'message.input-too-large', `The input is ${(buf.length / 1024 / 1024).toFixed(1)} MB; mxray reads at most ${MAX_INPUT_BYTES / 1024 / 1024} MB.`);
  }
  if (buf.toString('latin1', 0, Math.min(buf.length, 4096)).trim() === '' && buf.toString('latin1').trim() === '') {
    return failInput(opts, started, buf.length, 'message.input-empty', 'The input is empty.');
  }
  const ratio = binaryRatio(buf);
  if (ratio > MAX_BINARY_RATIO) {
    return failInput(opts, started, buf.length, 'message.input-binary', `${Math.round(ratio * 100)}% of the first bytes are control characters: this is binary data, not an email message.`);
  }

  const detected = detectInput(buf);
  const { head, body } = splitMessage(detected.raw);
  const parsed = parseHeaderSection(head);
  const fields = parsed.fields;
  if (fields.length === 0) {
    return failInput(opts, started, buf.length, 'message.input-no-headers', 'No header lines ("Name: value") were found at the start of the input.');
  }
  if (!fields.some((f) => MAIL_HEADERS.has(f.key))) {
    return failInput(opts, started, buf.length, 'message.input-not-a-message', `None of the ${fields.length} "Name: value" line${fields.length === 1 ? '' : 's'} at the start is a mail header (From, To, Subject, Date, Received, Message-ID, Authentication-Results, DKIM-Signature…): this is other text, not an email message.`);
  }
  const hasBody = body !== null && body.toString('latin1').trim() !== '';
  const provider = detectProvider(fields);
  const info: InputInfo = {
    format: detected.format === 'gmail-original' ? 'gmail-original' : hasBody ? 'eml' : 'headers',
    ...(provider ? { provider } : {}),
    hasBody,
    bytes: buf.length,
    headerFields: fields.length,
    ...(parsed.truncated ? { truncated: parsed.truncated } : {}),
    ...(detected.gmailSummary ? { gmailSummary: detected.gmailSummary } : {}),
  };
  let findings: MessageFinding[] = [];
  findings.push({ code: 'message.format', severity: 'info', detail: describeFormat(info) });

  const receivedValues = all(fields, 'received').map((f) => f.value);
  const { hops, parsed: received } = buildHops(receivedValues);
  // mxray's own hop ends the route of a test message: the one the Received headers cannot show.
  if (opts.receipt) hops.push(receiptHop(opts.receipt, hops[hops.length - 1]?.at));
  const receiver = readReceiver(fields, received);
  const returnPath = addressOf(first(fields, 'return-path'));
  const entry = findEntry(received, receiver, returnPath, opts.envelope);
  if (entry.receivedIndex !== undefined) hops[hops.length - 1 - entry.receivedIndex]!.boundary = true;

  if (receiver.basis === 'none') findings.push({ code: 'message.receiver-none', severity: 'info', detail: 'No Authentication-Results, ARC-Authentication-Results or Received-SPF header from the receiver.' });
  else if (receiver.basis === 'topmost' && receiver.side.authservId === undefined) findings.push({ code: 'message.receiver-topmost', severity: 'info', detail: 'The topmost Authentication-Results has no authserv-id; it was taken as the receiver\'s.' });
  else if (receiver.basis === 'topmost') findings.push({ code: 'message.receiver-topmost', severity: 'info', detail: `No Authentication-Results names the receiving organisation ${receiver.receivingOrg ?? ''}; the topmost one (${receiver.side.authservId}) was used.` });
  if (receiver.ignored.length) {
    findings.push({ code: 'message.receiver-upstream-ar', severity: 'info', detail: `${receiver.ignored.length} Authentication-Results header(s) from ${[...new Set(receiver.ignored.map((i) => i.authservId ?? 'no authserv-id'))].join(', ')} were added upstream and are not the receiver's: ignored.` });
  }

  // Verification: skipped when the header section exceeds what any MTA would have delivered.
  let verified: MessageAnalysis['verified'] = { dkim: [] };
  let dmarcFacts;
  let fromDomain: string | undefined;
  if (parsed.truncated || head.length > MAX_HEADER_BYTES) {
    findings.push({ code: 'message.headers-truncated', severity: 'warn', detail: `${parsed.truncated ?? 'header section too large'}; mxray did not verify signatures on a cut message.` });
  } else {
    const at = verificationTime(hops, first(fields, 'date'), ctx.now);
    const raw = hasBody ? detected.raw : headersOnly(head);
    const out = await verifyMessage(ctx, { raw, hasBody, entry, at });
    verified = out.side;
    dmarcFacts = out.dmarcFacts;
    if (out.timedOut) findings.push({ code: 'message.verify-timeout', severity: 'error', detail: 'Verification did not finish before its deadline.' });
    fromDomain = dmarcFacts?.fromDomain ?? out.headerFrom[0]?.split('@').pop();
    findings.push(...explainSpf(verified), ...explainDkim(verified, fromDomain, hasBody), ...explainDmarc(verified, dmarcFacts), ...explainArc(verified));
  }
  const borderChrono = opts.receipt ? hops.length - 1 : entry.receivedIndex !== undefined ? hops.length - 1 - entry.receivedIndex : undefined;
  findings.push(...explainHops(hops, borderChrono));
  // Alignment is only known when DMARC could be evaluated (pass or fail, not "could not test").
  const dmarcDecided = verified.dmarc?.result === 'pass' || verified.dmarc?.result === 'fail' || verified.dmarc?.result === 'none';
  const fromAligned = dmarcFacts && dmarcDecided ? dmarcFacts.spfAligned || dmarcFacts.dkimAligned.length > 0 : undefined;
  const bulk = bulkSenderBasics(fields, fromAligned);
  findings.push(...bulk.findings);
  const isTestMessage = opts.envelope !== undefined;
  // mxray was the receiver of a test message: its verdicts are the receiver's. Any
  // Authentication-Results already in the message were written upstream, before mxray.
  const receiverSide = isTestMessage ? { ...verified, authservId: 'mxray' } : receiver.side;
  const receiverTrusted = !isTestMessage && receiver.basis !== 'none';
  findings = reconcile(findings, {
    receiver: receiver.side,
    verified,
    receiverTrusted,
    hints: pasteHints(buf),
    hasBody,
    ...(sealDomain(fields) ? { newestSealDomain: sealDomain(fields) } : {}),
  });
  findings = await withFixes(ctx, findings, verified, fromDomain);
  const headline = decideHeadline({ receiver: receiverSide, verified, receiverTrusted, received: isTestMessage, findings });

  const subject = first(fields, 'subject');
  const from = first(fields, 'from');
  const messageId = first(fields, 'message-id');
  const date = first(fields, 'date');
  return {
    kind: 'analysis',
    status: statusFromFindings(findings),
    ...(subject !== undefined ? { subject: decodeEncodedWords(subject).slice(0, 998) } : {}),
    ...(from !== undefined ? { from: decodeEncodedWords(from).slice(0, 998) } : {}),
    receiver: receiverSide,
    verified,
    hops,
    findings,
    headline,
    ...(opts.receipt ? { receipt: opts.receipt } : {}),
    takenAt: ctx.now.toISOString(),
    input: info,
    bulkSender: bulk.view,
    ...(messageId ? { messageId: messageId.slice(0, 998) } : {}),
    ...(date ? { date: date.slice(0, 200) } : {}),
    ms: Date.now() - started,
  };
}

function sealDomain(fields: HeaderField[]): string | undefined {
  return newestSealDomain(all(fields, 'arc-seal').map((f) => f.value));
}

/** A headers-only paste still needs the blank line that ends the header section. */
function headersOnly(head: Buffer): Buffer {
  const endsWithNewline = head[head.length - 1] === 0x0a;
  return Buffer.concat([head, Buffer.from(endsWithNewline ? '\r\n' : '\r\n\r\n')]);
}

/**
 * DKIM expiry is judged when the message arrived (the newest Received stamp), as the receiver
 * did; failing that the Date header; never later than now.
 */
function verificationTime(hops: { at?: string }[], dateHeader: string | undefined, now: Date): Date {
  const lastStamp = [...hops].reverse().find((h) => h.at)?.at;
  const t = lastStamp ? Date.parse(lastStamp) : dateHeader ? parseDate(dateHeader) : undefined;
  if (t === undefined || !Number.isFinite(t) || t > now.getTime()) return now;
  return new Date(t);
}

function describeFormat(info: InputInfo): string {
  const what = info.format === 'gmail-original' ? 'Gmail "Show original" page' : info.format === 'headers' ? 'headers only (no body)' : 'complete message';
  return `${what}, ${info.headerFields} header fields${info.provider ? `, received by ${info.provider}` : ''}.`;
}
