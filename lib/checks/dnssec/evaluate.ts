import type { DnssecState, NameSecurity } from '../../dns/dnssec';
import type { ResolverValidation } from '../../dns/dnssec-selftest';
import type { DnsOutcome } from '../../dns/types';
import { statusFromFindings, type CheckResult, type CheckStatus, type Finding } from '../types';

/** A name's state as reported: "not-validated" when the answer had no AD and the resolver could not vouch for that. */
export type ReportedState = DnssecState | 'not-validated';

export interface DnssecName {
  name: string;
  state: ReportedState;
  outcome: DnsOutcome;
}

export interface DnssecData {
  domain: string;
  /** The mail domain itself (its MX question). */
  domainState: DnssecName;
  /** Each MX host's zone (its address question). */
  mxHosts: DnssecName[];
  resolver?: Pick<ResolverValidation, 'validates' | 'detail' | 'bogusProbe' | 'secureProbe'>;
}

export interface DnssecFacts {
  domain: string;
  domainSecurity: NameSecurity;
  mxHosts: NameSecurity[];
  validation?: ResolverValidation;
}

const TITLE = 'DNSSEC';

/** An unauthenticated answer says "unsigned" only when the resolver is known to validate. */
function reported(s: NameSecurity, validates: boolean | undefined): DnssecName {
  const state: ReportedState = s.state === 'insecure' && validates !== true ? 'not-validated' : s.state;
  return { name: s.name, state, outcome: s.outcome };
}

function resolverFinding(v: ResolverValidation | undefined): Finding {
  if (v?.validates === false) return { code: 'dnssec.resolver-not-validating', severity: 'info', detail: `Your DNS resolver does not validate DNSSEC (${v.detail}): mxray cannot tell whether this domain is signed. Point MXRAY_DNS_SERVERS at a validating resolver.`, data: { ...v } };
  return { code: 'dnssec.resolver-untested', severity: 'error', detail: `Cannot tell whether the DNS resolver validates DNSSEC: ${v?.detail ?? 'the self-test did not run'}.`, data: v ? { ...v } : undefined };
}

/** Pure verdict: the mail domain's state, then each MX host zone's. */
export function evaluateDnssec(facts: DnssecFacts): CheckResult<DnssecData> {
  const { domain, validation } = facts;
  const all = [facts.domainSecurity, ...facts.mxHosts];
  // AD on any answer, or a SERVFAIL that CD lifts, shows the resolver validates even without the self-test.
  const validates = validation?.validates ?? (all.some((s) => s.state === 'secure' || s.state === 'bogus') ? true : undefined);
  const d = reported(facts.domainSecurity, validates);
  const hosts = facts.mxHosts.map((s) => reported(s, validates));
  const data: DnssecData = { domain, domainState: d, mxHosts: hosts, ...(validation ? { resolver: { validates: validation.validates, detail: validation.detail, bogusProbe: validation.bogusProbe, secureProbe: validation.secureProbe } } : {}) };
  const findings: Finding[] = [];

  switch (d.state) {
    case 'secure':
      findings.push({ code: 'dnssec.secure', severity: 'pass', detail: `${domain} is DNSSEC-signed and its chain of trust validates.` });
      break;
    case 'insecure':
      findings.push({ code: 'dnssec.insecure', severity: 'info', detail: `${domain} is not DNSSEC-signed: its records (MX, SPF, DMARC, DKIM keys) could be forged on the way to a receiver, and DANE cannot protect mail to it.` });
      break;
    case 'bogus':
      findings.push({ code: 'dnssec.bogus', severity: 'fail', detail: `${domain} is signed but its DNSSEC validation fails (SERVFAIL; an answer only with checking disabled). Every validating resolver (Google, Cloudflare, Quad9, many ISPs) treats the domain as unreachable: mail to it and checks on mail from it fail.` });
      break;
    case 'not-validated':
      findings.push(resolverFinding(validation));
      break;
    case 'unknown':
      findings.push({ code: 'dnssec.lookup-error', severity: 'error', detail: `Could not tell whether ${domain} is signed: the lookup failed (${facts.domainSecurity.outcome}${facts.domainSecurity.cdOutcome ? `, and ${facts.domainSecurity.cdOutcome} with checking disabled` : ''}).` });
      break;
  }

  const by = (s: ReportedState) => hosts.filter((h) => h.state === s).map((h) => h.name);
  if (by('secure').length) findings.push({ code: 'dnssec.mx-secure', severity: 'pass', detail: `Signed and validated: ${by('secure').join(', ')}.`, data: { hosts: by('secure') } });
  if (by('insecure').length) findings.push({ code: 'dnssec.mx-insecure', severity: 'info', detail: `Not signed: ${by('insecure').join(', ')}. DANE for these MX hosts needs a signed zone.`, data: { hosts: by('insecure') } });
  for (const h of hosts.filter((x) => x.state === 'bogus')) {
    findings.push({ code: 'dnssec.mx-bogus', severity: 'fail', detail: `The MX host ${h.name} fails DNSSEC validation: validating senders cannot find its address and queue mail for it.`, data: { host: h.name } });
  }
  for (const h of hosts.filter((x) => x.state === 'unknown')) {
    findings.push({ code: 'dnssec.mx-lookup-error', severity: 'error', detail: `Could not tell whether the MX host ${h.name} is signed (${h.outcome}).`, data: { host: h.name } });
  }
  if (by('not-validated').length && d.state !== 'not-validated') findings.push(resolverFinding(validation));

  const status = statusOf(findings);
  const summary =
    d.state === 'not-validated'
      ? validation?.validates === false
        ? 'Your DNS resolver does not validate DNSSEC: cannot tell.'
        : 'Cannot tell: the DNSSEC self-test of the resolver got no answer.'
      : `${domain}: ${d.state === 'secure' ? 'signed and valid' : d.state === 'insecure' ? 'not signed' : d.state === 'bogus' ? 'signed but BROKEN (bogus)' : 'could not tell'}${hosts.length ? `; MX hosts: ${hosts.map((h) => `${h.name} ${h.state}`).join(', ')}` : ''}.`;
  return { id: 'dnssec', status, title: TITLE, summary, findings, records: [], data };
}

/** Notes only (an unsigned domain) read as "info", not "pass". */
function statusOf(findings: Finding[]): CheckStatus {
  const s = statusFromFindings(findings);
  return s === 'pass' && !findings.some((f) => f.severity === 'pass') ? 'info' : s;
}
