import { getReport, saveReport } from '../db/reports';
import { pointTestAddressAt } from '../db/test-addresses';
import { analyzeMessage } from '../message';
import { withReceiptDns } from '../message/receipt';
import { receiptDns } from '../inbound/receipt';
import type { MessageAnalysis } from '../message/types';
import type { InboundPayload } from '../inbound/types';
import { createCheckContext } from '../report/context';
import type { AnalysisPayload, Created } from './create-report';

/** Added to a report's payload when it is a re-verification of an earlier one. */
export interface Reverification {
  /** ISO time of the re-verification (the message itself keeps its own dates). */
  at: string;
  /** Only the header section was kept, so DKIM body hashes could not be checked again. */
  headersOnly: boolean;
}

type MessagePayload = (AnalysisPayload | (InboundPayload & { kind?: undefined })) & { reverified?: Reverification };

/**
 * "Verify again with today's DNS": the stored message (or, when only its headers were kept, its
 * header section) goes through the same analysis with fresh DNS answers, after the sender fixed a
 * record, without sending another test message. A received message keeps its real envelope (IP,
 * HELO, MAIL FROM), so SPF is judged as the listener judged it. The result is a new report linked to
 * the old one; reports never change after the fact, but a test address that pointed at the old
 * report now points at the new one (see pointTestAddressAt). Null when the id is not a message report.
 */
export async function reverifyReport(id: string, opts: { now?: Date } = {}): Promise<Created<MessagePayload> | null> {
  const stored = await getReport<MessagePayload>(id);
  if (!stored || (stored.kind !== 'inbound' && stored.kind !== 'analysis')) return null;
  const p = stored.payload;
  const full = stored.kind === 'inbound' ? (p as InboundPayload).raw : (p as AnalysisPayload).message;
  const text = full ?? p.headers;
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
  const [fresh, dns] = await Promise.all([analyzeMessage(text, { ctx, envelope, ...(receipt ? { receipt } : {}) }), receipt ? receiptDns(ctx, receipt.ip, receipt.helo) : undefined]);
  const analysis: MessageAnalysis = dns ? withReceiptDns(fresh, dns) : fresh;
  const payload = { ...p, analysis, reverified: { at: now.toISOString(), headersOnly: full === undefined } } as MessagePayload;
  const { report, ownerToken } = await saveReport({ kind: stored.kind, subject: stored.subject, status: analysis.status, payload, previousId: stored.id, withOwner: true });
  if (inbound?.token) await pointTestAddressAt(inbound.token, stored.id, report.id);
  return { id: report.id, ownerToken, report: payload, stored: report };
}
