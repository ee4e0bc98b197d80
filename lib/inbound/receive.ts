import { analyzeMessage } from '../message/index';
import type { MessageAnalysis } from '../message/types';
import type { CheckContext } from '../checks/types';
import { analyzeInPool } from '../analysis/pool';
import { sharedReportWriter } from './report-writer';
import { findForwardedOriginal } from './forwarded';
import { decodeEncodedWords, headerField, splitHeaderBody } from './mime';
import { HEADERS_KEEP_BYTES, RAW_KEEP_BYTES, type InboundEnvelope, type InboundPayload } from './types';

export interface ReceivedMessage {
  raw: Buffer;
  envelope: InboundEnvelope;
  /** Test address tokens among the recipients (accepted at RCPT). */
  tokens: string[];
  receivedAt: Date;
}

export interface ReceiveOptions {
  /** Builds the check context for one message (tests point it at their DNS server). */
  context?: (now: Date) => CheckContext;
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
  // Off the listener's event loop, with a deadline (issue 10); an injected context (tests) runs in-process.
  const envelope = forward ? undefined : msg.envelope;
  const analysis = ctx ? await analyzeMessage(analysed, { ctx, envelope }) : await analyzeInPool(analysed, { now: msg.receivedAt, ...(envelope ? { envelope } : {}) });
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
  };
  const reportId = await sharedReportWriter().write({
    subject: reportSubject(analysis, header, msg.envelope),
    status: analysis.status,
    payload,
    tokens: msg.tokens,
    receivedAt: msg.receivedAt,
  });
  return { reportId, forwarded: !!forward };
}
