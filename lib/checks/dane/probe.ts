import type { SmtpProbe } from '../../smtp/probe';
import { presentTlsa } from '../../dns/tlsa';
import type { Finding, Fix } from '../types';
import { daneHostFindings, daneInForce, type DaneHost } from './evaluate';
import { matchTlsa, suggestedTlsa } from './match';

/** What the SMTP probe reports about DANE for one server: the host's TLSA facts and the certificate match. */
export interface DaneProbeView {
  tlsaName: string;
  tlsaState: DaneHost['tlsaState'];
  records: string[];
  /** Records that matched the presented certificate (presentation form); absent when not compared. */
  matched?: string[];
}

/**
 * The TLSA findings of the host plus, when DANE is in force, whether the certificate the server
 * presented matches (RFC 7672 §2.2: a mismatch makes DANE senders defer all mail, so it fails).
 * Pure: the probe and the DNS facts come in.
 */
export function daneProbeFindings(h: DaneHost, validates: boolean | undefined, probe: SmtpProbe): { findings: Finding[]; fix?: Fix; view: DaneProbeView } {
  const findings = daneHostFindings(h, validates);
  const view: DaneProbeView = { tlsaName: h.tlsaName, tlsaState: h.tlsaState, records: h.records.map(presentTlsa) };
  if (!daneInForce(h)) return { findings, view };
  const at = { host: h.host, tlsaName: h.tlsaName };
  const chain = (probe.peerChain ?? []).map((b) => Buffer.from(b, 'base64'));
  if (!probe.tls || chain.length === 0) {
    const why = probe.starttlsOffered ? 'STARTTLS did not complete' : 'the server does not offer STARTTLS';
    findings.push({ code: 'dane.no-tls', severity: 'fail', detail: `${h.tlsaName} has TLSA records but ${why}: DANE senders defer all mail to ${h.host}.`, data: at });
    return { findings, view };
  }
  const m = matchTlsa(h.records, chain);
  view.matched = m.matched.map(presentTlsa);
  if (m.compared === 0) return { findings, view };
  if (m.matched.length > 0) {
    findings.push({ code: 'dane.match', severity: 'pass', detail: `The certificate ${h.host} presents matches TLSA ${m.matched.map(presentTlsa).join(', ')}.`, data: { ...at, matched: view.matched } });
    return { findings, view };
  }
  const want = suggestedTlsa(chain[0]!);
  findings.push({
    code: 'dane.mismatch',
    severity: 'fail',
    detail: `The certificate ${h.host} presents matches none of the ${m.compared} usable TLSA record(s) at ${h.tlsaName}: senders that use DANE defer ALL mail to this host.${want ? ` The server's key has TLSA ${presentTlsa(want)}.` : ''}`,
    data: { ...at, records: view.records, ...(want ? { presented: presentTlsa(want) } : {}) },
  });
  const fix: Fix | undefined = want ? { summary: `Publish the TLSA record of the key ${h.host} presents now (keep the old one until the servers agree, then remove it).`, records: [{ name: h.tlsaName, type: 'TLSA', value: presentTlsa(want) }] } : undefined;
  return { findings, ...(fix ? { fix } : {}), view };
}
