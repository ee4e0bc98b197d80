import { getReport, saveReport } from '../db/reports';
import { pointTestAddressAt } from '../db/test-addresses';
import { analyzeInPool } from '../analysis/pool';
import { withReceiptDns } from '../message/receipt';
import { receiptDns } from '../inbound/receipt';
import type { MessageAnalysis } from '../message/types';
import type { InboundPayload } from '../inbound/types';
import { normalizeToken } from '../inbound/token';
import { createCheckContext } from '../report/context';
import type { AnalysisPayload, Created } from './create-report';

/** Added to a report's payload when it is a re-verification of an earlier one. */
export interface Reverification {
  /** ISO time of the re-verification (the message itself keeps its own dates). */
  at: string;
  /** Only the header section was kept, so DKIM body hashes could not be checked again. */
  headersOnly: boolean;
}

type MessagePayload = (AnalysisPayload | (InboundPayload & { kind?: undefined })) & {
  reverified?: Reverification;
  /**
   * The report whose stored body this verification read. A body is never copied into a new report,
   * so deleting (or expiring) the report that holds it removes it everywhere; later re-verifications
   * of this one read it from there while it exists.
   */
  bodyOf?: string;
};

export interface ReverifyOptions {
  now?: Date;
  /**
   * The test-address token, when the caller holds it (the owner's setup checklist). Only then does
   * the address move on to the new report; a link holder's "verify again" makes an independent
   * report and leaves the owner's address, status and reports as they were.
   */
  testAddressToken?: string;
}

function ownBody(kind: string, p: MessagePayload): string | undefined {
  const full = kind === 'inbound' ? (p as InboundPayload).raw : (p as AnalysisPayload).message;
  return typeof full === 'string' && full.length > 0 ? full : undefined;
}

/** The full message this report was made from: its own body, or the one it read from (bodyOf). */
async function messageBody(id: string, kind: string, p: MessagePayload): Promise<{ text: string; holder: string } | undefined> {
  const own = ownBody(kind, p);
  if (own) return { text: own, holder: id };
  if (!p.bodyOf) return undefined;
  const holder = await getReport<MessagePayload>(p.bodyOf);
  const text = holder ? ownBody(holder.kind, holder.payload) : undefined;
  return text ? { text, holder: holder!.id } : undefined;
}

/**
 * "Verify again with today's DNS": the stored message (or, when no body is reachable any more, its
 * header section) goes through the same analysis with fresh DNS answers, after the sender fixed a
 * record, without sending another test message. A received message keeps its real envelope (IP,
 * HELO, MAIL FROM), so SPF is judged as the listener judged it. The result is a new report linked to
 * the old one; reports never change after the fact. Null when the id is not a message report.
 */
export async function reverifyReport(id: string, opts: ReverifyOptions = {}): Promise<Created<MessagePayload> | null> {
  const stored = await getReport<MessagePayload>(id);
  if (!stored || (stored.kind !== 'inbound' && stored.kind !== 'analysis')) return null;
  const p = stored.payload;
  const body = await messageBody(stored.id, stored.kind, p);
  const text = body?.text ?? p.headers;
  if (typeof text !== 'string' || text.length === 0) return null;
  const inbound = stored.kind === 'inbound' ? (p as InboundPayload) : undefined;
  // The forward's envelope says nothing about how the attached original travelled (as on receipt).
  const envelope = inbound && !inbound.forwarded ? inbound.envelope : undefined;
  const now = opts.now ?? new Date();
  const ctx = createCheckContext({ fresh: true, now });
  // mxray's own receipt (IP, HELO, TLS, dialogue) is a fact of the delivery and stays; its DNS
  // lines (reverse DNS, blocklists) are looked up again like everything else.
  const old = inbound && !inbound.forwarded ? inbound.analysis.receipt : undefined;
  const receipt = old ? { ip: old.ip, helo: old.helo, tls: old.tls, mailFrom: old.mailFrom, rcptTo: old.rcptTo, size: old.size, dialogue: old.dialogue, receivedAt: old.receivedAt, by: old.by } : undefined;
  // In a worker thread with a deadline (issue 10), like every analysis the server does for a client.
  const [fresh, dns] = await Promise.all([
    analyzeInPool(text, { fresh: true, now, ...(envelope ? { envelope } : {}), ...(receipt ? { receipt } : {}) }),
    receipt ? receiptDns(ctx, receipt.ip, receipt.helo) : undefined,
  ]);
  const analysis: MessageAnalysis = dns ? withReceiptDns(fresh, dns) : fresh;
  const ownerToken = opts.testAddressToken ? normalizeToken(opts.testAddressToken) : null;
  const isOwner = !!inbound?.token && ownerToken === inbound.token;
  // Never the body itself (see bodyOf), and the address's token only on the owner's own copy.
  const { raw: _raw, message: _message, token: _token, ...kept } = p as MessagePayload & { raw?: string; message?: string; token?: string };
  const payload = {
    ...kept,
    ...(isOwner ? { token: inbound!.token } : {}),
    analysis,
    reverified: { at: now.toISOString(), headersOnly: body === undefined },
    ...(body ? { bodyOf: body.holder } : {}),
  } as MessagePayload;
  const { report, ownerToken: newOwner } = await saveReport({ kind: stored.kind, subject: stored.subject, status: analysis.status, payload, previousId: stored.id, withOwner: true });
  if (isOwner) await pointTestAddressAt(inbound!.token, stored.id, report.id);
  return { id: report.id, ownerToken: newOwner, report: payload, stored: report };
}
