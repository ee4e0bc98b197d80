import { analyzeMessage } from '../message/index';
import { withReceiptDns } from '../message/receipt';
import type { MessageAnalysis, Receipt } from '../message/types';
import type { CheckContext } from '../checks/types';
import { analyzeInPool } from '../analysis/pool';
import { createCheckContext } from '../report/context';
import { sharedReportWriter } from './report-writer';
import { recordAnalysis } from '../ops/metrics';
import { sharedContentJobs, type ContentJobs } from './content-jobs';
import { findForwardedOriginal } from './forwarded';
import { receiptDns } from './receipt';
import { decodeEncodedWords, headerField, splitHeaderBody } from './mime';
import { HEADERS_KEEP_BYTES, RAW_KEEP_BYTES, type InboundEnvelope, type InboundPayload } from './types';

export interface ReceivedMessage {
  raw: Buffer;
  envelope: InboundEnvelope;
  /** Test address tokens among the recipients (accepted at RCPT). */
  tokens: string[];
  receivedAt: Date;
  /**
   * What the listener saw of the SMTP session (TLS, the dialogue, recipients without tokens); the
   * report's receipt. Absent when a message is stored by other means than the listener.
   */
  session?: Omit<Receipt, 'rdns' | 'dnsbl' | 'receivedAt' | 'size'>;
}

export interface ReceiveOptions {
  /** Builds the check context for one message (tests point it at their DNS server). */
  context?: (now: Date) => CheckContext;
  /** Where content checks run after the 250 (default: the process's queue; false: none). */
  contentJobs?: ContentJobs | false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function keepRaw(raw: Buffer): string | undefined {
  if (raw.length > RAW_KEEP_BYTES) return undefined;
  try {
    return utf8.decode(raw);
  } catch {
    return undefined; // 8-bit legacy charset: the headers are kept, the bytes are not
  }
}

function reportSubject(analysis: MessageAnalysis, header: string, envelope: InboundEnvelope): string {
  const subject = analysis.subject ?? headerField(header, 'subject');
  if (subject) return decodeEncodedWords(subject);
  const from = analysis.from ?? headerField(header, 'from');
  if (from) return decodeEncodedWords(from);
  return envelope.mailFrom || '(no subject)';
}

/**
 * Analyse one received message with its real envelope and store it as an "inbound" report linked
 * to its test addresses. Resolves only once the report and the link are committed: the listener answers 250
 * after this and a temporary error if it throws, so an accepted message is never lost.
 */
export async function storeReceivedMessage(msg: ReceivedMessage, opts: ReceiveOptions = {}): Promise<{ reportId: string; forwarded: boolean }> {
  const ctx = opts.context?.(msg.receivedAt);
  const forward = findForwardedOriginal(msg.raw);
  const analysed = forward ? forward.original : msg.raw;
  // The forward's envelope says nothing about how the original travelled: judge the original
  // on its own headers, as a pasted message would be.
  // analyzeMessage never throws (an analyser bug comes back as status 'error'), so a bad message
  // is stored with that result instead of making the sender retry it for days.
  const receipt: Receipt | undefined = msg.session && !forward ? { ...msg.session, receivedAt: msg.receivedAt.toISOString(), size: msg.raw.length } : undefined;
  const envelope = forward ? undefined : msg.envelope;
  // Off the listener's event loop, with a deadline (issue 10); an injected context (tests) runs
  // in-process. The connecting IP's reverse DNS and blocklist lookups run beside it on this thread
  // (they only wait on DNS), so the sender's wait for 250 grows by little (see ./receipt.ts).
  const analysisStarted = Date.now();
  const [analysed0, dns] = await Promise.all([
    ctx
      ? analyzeMessage(analysed, { ctx, envelope, ...(receipt ? { receipt } : {}) })
      : analyzeInPool(analysed, { now: msg.receivedAt, ...(envelope ? { envelope } : {}), ...(receipt ? { receipt } : {}) }),
    receipt ? receiptDns(ctx ?? createCheckContext({ now: msg.receivedAt }), receipt.ip, receipt.helo) : undefined,
  ]);
  recordAnalysis('inbound', Date.now() - analysisStarted);
  const analysis = dns ? withReceiptDns(analysed0, dns) : analysed0;
  const { header } = splitHeaderBody(analysed);
  const payload: InboundPayload = {
    analysis,
    envelope: msg.envelope,
    receivedAt: msg.receivedAt.toISOString(),
    token: msg.tokens[0] ?? '',
    size: msg.raw.length,
    forwarded: forward ? { attachedAs: forward.attachedAs, filename: forward.filename, wrapper: forward.wrapper } : undefined,
    headers: header.length > HEADERS_KEEP_BYTES ? header.slice(0, HEADERS_KEEP_BYTES) : header,
    raw: keepRaw(analysed),
    content: { state: 'pending', since: new Date().toISOString() },
  };
  const reportId = await sharedReportWriter().write({
    subject: reportSubject(analysis, header, msg.envelope),
    status: analysis.status,
    payload,
    tokens: msg.tokens,
    receivedAt: msg.receivedAt,
    hasBody: payload.raw !== undefined,
  });
  // Stored (and about to get its 250): content checks run after, on the report itself.
  const jobs = opts.contentJobs ?? sharedContentJobs();
  if (jobs) jobs.enqueue(reportId, analysed, opts.context ? () => opts.context!(new Date()) : undefined);
  return { reportId, forwarded: !!forward };
}
