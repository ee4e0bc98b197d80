/**
 * A received test message's receipt in the analysis. mxray's own hop of a received test message: from the connecting client to mxray's listener. No
 * Received header records it (mxray does not write one into the stored copy), yet it is the last hop
 * of the route and the one SPF is judged on.
 */
import { statusFromFindings, type Severity } from '../checks/types';
import { checkTarget } from '../net/guard';
import { decideHeadline } from './headline';
import type { Hop, MessageAnalysis, MessageFinding, Receipt } from './types';

export function receiptHop(r: Receipt, previousAt?: string): Hop {
  const prev = previousAt ? Date.parse(previousAt) : NaN;
  const at = Date.parse(r.receivedAt);
  const delay = Number.isFinite(prev) && Number.isFinite(at) ? Math.round((at - prev) / 1000) : undefined;
  const ptr = r.rdns?.names[0];
  return {
    from: r.helo || r.ip,
    by: r.by,
    with: r.tls ? 'ESMTPS' : 'ESMTP',
    ip: r.ip,
    ...(r.tls ? { tls: `${r.tls.protocol} ${r.tls.cipher}` } : {}),
    at: r.receivedAt,
    ...(delay !== undefined ? { delaySeconds: delay } : {}),
    ...(ptr && ptr !== r.helo ? { rdns: ptr } : {}),
    boundary: true,
  };
}

function severityOf(status: string): Severity {
  return status === 'fail' ? 'fail' : status === 'error' ? 'error' : status === 'pass' ? 'pass' : status === 'info' ? 'info' : 'warn';
}

/**
 * The DNS facts about the connecting IP (looked up beside the analysis) folded into it: the receipt
 * lines, the hop's reverse DNS, findings for a missing FCrDNS or a blocklist listing, and the
 * headline again. A loopback or private sender (a local relay, a test) is reported, not judged.
 */
export function withReceiptDns(a: MessageAnalysis, dns: Pick<Receipt, 'rdns' | 'dnsbl'>): MessageAnalysis {
  if (!a.receipt) return a;
  const receipt: Receipt = { ...a.receipt, ...dns };
  const hops = a.hops.map((h, i) => (i === a.hops.length - 1 && dns.rdns?.names[0] && dns.rdns.names[0] !== receipt.helo ? { ...h, rdns: dns.rdns.names[0] } : h));
  const findings: MessageFinding[] = [...a.findings];
  const judged = checkTarget(receipt.ip, false).allowed;
  if (dns.rdns && dns.rdns.status !== 'pass') {
    findings.push({ code: 'message.receipt-rdns', severity: judged ? severityOf(dns.rdns.status) : 'info', detail: `${receipt.ip}: ${dns.rdns.summary}${judged ? '' : ' (a private or loopback address: not judged)'}`, data: { ip: receipt.ip, names: dns.rdns.names } });
  }
  if (dns.dnsbl && dns.dnsbl.listed.length > 0) {
    findings.push({ code: 'message.receipt-dnsbl', severity: judged ? 'fail' : 'info', detail: `${receipt.ip} is listed on ${dns.dnsbl.listed.join(', ')}.`, data: { ip: receipt.ip, zones: dns.dnsbl.listed } });
  }
  const headline = decideHeadline({ receiver: a.receiver, verified: a.verified, receiverTrusted: false, received: true, findings });
  return { ...a, receipt, hops, findings, headline, status: statusFromFindings(findings) };
}
