import type { DnssecState, NameSecurity } from '../../dns/dnssec';
import type { ResolverValidation } from '../../dns/dnssec-selftest';
import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { statusFromFindings, type CheckResult, type CheckStatus, type Finding, type RecordView } from '../types';
import { describeTlsaProblem, tlsaName, viewTlsa, type TlsaView } from './parse';
import { bigProvider } from './providers';

/** One MX host's DANE facts as the report stores them. */
export interface DaneHost {
  host: string;
  tlsaName: string;
  /** DNSSEC state of the TLSA answer (and of the host's address answer). */
  tlsaState: DnssecState;
  tlsaOutcome: DnsOutcome;
  addressState: DnssecState;
  records: TlsaView[];
  provider?: string;
}

export interface DaneData {
  domain: string;
  hosts: DaneHost[];
  /** The resolver self-test, when an unauthenticated answer made it matter. */
  resolver?: Pick<ResolverValidation, 'validates' | 'detail'>;
}

export interface DaneHostFacts {
  host: string;
  tlsa: NameSecurity;
  address: NameSecurity;
}

export interface DaneFacts {
  domain: string;
  mx: { outcome: DnsOutcome; message?: string };
  hosts: DaneHostFacts[];
  validation?: ResolverValidation;
}

const TITLE = 'DANE for MX (TLSA)';

export function daneHost(f: DaneHostFacts): DaneHost {
  const records = viewTlsa(f.tlsa.answer.records.flatMap((r) => (r.type === 'TLSA' ? [r.data] : [])));
  const provider = bigProvider(f.host);
  return { host: f.host, tlsaName: tlsaName(f.host), tlsaState: f.tlsa.state, tlsaOutcome: f.tlsa.outcome, addressState: f.address.state, records, ...(provider ? { provider } : {}) };
}

/** Whether senders would use this host's TLSA records: published, and validated (RFC 7672 §2.2). */
export function daneInForce(h: DaneHost): boolean {
  return h.tlsaState === 'secure' && h.records.length > 0;
}

/**
 * Findings for one host (also used by the SMTP probe, which adds the certificate match).
 * `validates` is the resolver self-test's verdict: without it an unsigned answer means "cannot tell".
 */
export function daneHostFindings(h: DaneHost, validates: boolean | undefined): Finding[] {
  const at = { host: h.host, tlsaName: h.tlsaName };
  if (h.tlsaState === 'bogus') {
    return [{ code: 'dane.bogus', severity: 'fail', detail: `The TLSA lookup for ${h.tlsaName} fails DNSSEC validation: senders that use DANE cannot tell whether TLS is required and defer all mail to ${h.host}.`, data: at }];
  }
  if (h.tlsaState === 'unknown' || isTransient(h.tlsaOutcome)) {
    return [{ code: 'dane.lookup-error', severity: 'error', detail: `Could not look up TLSA ${h.tlsaName} (${h.tlsaOutcome}).`, data: at }];
  }
  if (h.records.length === 0) {
    if (h.provider) return [{ code: 'dane.none-provider', severity: 'info', detail: `${h.host} (${h.provider}) publishes no TLSA records; that is the provider's choice, nothing for you to change.`, data: { ...at, provider: h.provider } }];
    const signed = h.addressState === 'secure' ? ` The host's zone is signed, so publishing TLSA records at ${h.tlsaName} would turn DANE on.` : '';
    return [{ code: 'dane.none', severity: 'info', detail: `${h.host} publishes no TLSA records (no DANE).${signed}`, data: at }];
  }
  const out: Finding[] = [];
  if (h.tlsaState === 'insecure') {
    if (validates !== true) {
      const why = validates === false ? 'the configured DNS resolver does not validate DNSSEC' : 'the DNSSEC self-test of the configured resolver got no answer';
      return [{ code: 'dane.not-validated', severity: 'error', detail: `${h.tlsaName} has ${h.records.length} TLSA record(s), but ${why}: cannot tell whether senders will use them.`, data: at }];
    }
    out.push({ code: 'dane.unsigned', severity: 'warn', detail: `${h.tlsaName} has TLSA records, but its zone is not DNSSEC-signed, so every sender ignores them (RFC 7672 §2.2).`, data: at });
  }
  for (const r of h.records) {
    if (r.problem) out.push({ code: 'dane.unusable-record', severity: 'warn', detail: `TLSA ${r.usage} ${r.selector} ${r.matchingType} at ${h.tlsaName}: ${describeTlsaProblem(r.problem)}; senders skip it.`, data: { ...at, problem: r.problem } });
  }
  if (h.tlsaState === 'secure') {
    const usable = h.records.filter((r) => !r.problem).length;
    if (usable === 0) out.push({ code: 'dane.no-usable-record', severity: 'warn', detail: `None of the TLSA records at ${h.tlsaName} is usable: DANE senders still insist on TLS to ${h.host} but check no certificate (RFC 7672 §2.2).`, data: at });
    else out.unshift({ code: 'dane.published', severity: 'pass', detail: `${h.tlsaName}: ${usable} usable TLSA record(s), DNSSEC-validated. Senders that use DANE require TLS with a matching certificate.`, data: { ...at, usable } });
  }
  return out;
}

/** Pure verdict over the fetched facts. */
export function evaluateDane(facts: DaneFacts): CheckResult<DaneData> {
  const { domain } = facts;
  const hosts = facts.hosts.map(daneHost);
  const validates = facts.validation?.validates ?? (hosts.some((h) => h.tlsaState === 'secure' || h.addressState === 'secure' || h.tlsaState === 'bogus') ? true : undefined);
  const data: DaneData = { domain, hosts, ...(facts.validation ? { resolver: { validates: facts.validation.validates, detail: facts.validation.detail } } : {}) };
  const records: RecordView[] = hosts.flatMap((h) => h.records.map((r) => ({ name: h.tlsaName, type: 'TLSA', value: `${r.usage} ${r.selector} ${r.matchingType} ${r.data}` })));
  if (isTransient(facts.mx.outcome)) {
    const findings: Finding[] = [{ code: 'dane.lookup-error', severity: 'error', detail: `Could not look up the MX records of ${domain}: ${facts.mx.message ?? facts.mx.outcome}.` }];
    return result('error', `Could not test: the MX lookup for ${domain} failed.`, findings, records, data);
  }
  if (hosts.length === 0) {
    return result('info', `${domain} has no MX hosts to check for DANE.`, [{ code: 'dane.no-mx', severity: 'info', detail: `${domain} names no MX host, so there is nothing to protect with DANE.` }], records, data);
  }
  const findings = hosts.flatMap((h) => daneHostFindings(h, validates));
  const status = statusOf(findings);
  const inForce = hosts.filter(daneInForce).length;
  const summary =
    status === 'error' && findings.some((f) => f.code === 'dane.not-validated')
      ? `Cannot tell: the configured DNS resolver does not validate DNSSEC.`
      : inForce > 0
        ? `${inForce} of ${hosts.length} MX host(s) of ${domain} publish DNSSEC-validated TLSA records (DANE).`
        : `No MX host of ${domain} has DANE in force.`;
  return result(status, summary, findings, records, data);
}

/** A check whose only findings are notes reports "info", not "pass". */
function statusOf(findings: Finding[]): CheckStatus {
  const s = statusFromFindings(findings);
  return s === 'pass' && !findings.some((f) => f.severity === 'pass') ? 'info' : s;
}

function result(status: CheckStatus, summary: string, findings: Finding[], records: RecordView[], data: DaneData): CheckResult<DaneData> {
  return { id: 'dane', status, title: TITLE, summary, findings, records, data };
}
