import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { statusFromFindings, type CheckResult, type CheckStatus, type Finding, type Fix, type RecordView } from '../types';
import type { ExchangeKind, MxSet } from './records';

/** One address lookup as the check saw it: the outcome matters as much as the addresses. */
export interface AddressLookup {
  outcome: DnsOutcome;
  addresses: string[];
  /** CNAME chain the name went through (empty when the name is canonical). */
  cnames: string[];
}

export type MxProblem = 'ip-literal' | 'invalid-name' | 'cname' | 'no-address' | 'lookup-error' | 'ipv6-only';

export interface MxHost {
  exchange: string;
  priority: number;
  addresses: { A: string[]; AAAA: string[] };
  outcomes: { A: DnsOutcome; AAAA: DnsOutcome } | null;
  /** The canonical name when the exchange is an alias (RFC 2181 §10.3 forbids that). */
  cname?: string;
  problems: MxProblem[];
}

export interface MxData {
  domain: string;
  hosts: MxHost[];
  nullMx: boolean;
  /** No MX: RFC 5321 §5.1 implicit MX, the domain's own A/AAAA. */
  implicit?: { A: string[]; AAAA: string[] };
  /** Whether the domain sends mail (from its SPF record), when known. */
  sending?: boolean;
}

/** Everything the fetch layer learned; evaluate() turns it into a verdict without I/O. */
export interface MxFacts {
  domain: string;
  mx: { outcome: DnsOutcome; message?: string };
  records: RecordView[];
  set: MxSet;
  lookups: Map<string, { A: AddressLookup; AAAA: AddressLookup }>;
  implicit?: { A: AddressLookup; AAAA: AddressLookup };
  sending?: boolean;
}

const TITLE = 'MX (receiving mail)';

export function hostProblems(kind: ExchangeKind, lookup: { A: AddressLookup; AAAA: AddressLookup } | undefined): MxProblem[] {
  if (kind === 'ip-literal') return ['ip-literal'];
  if (kind === 'invalid') return ['invalid-name'];
  if (!lookup) return [];
  const problems: MxProblem[] = [];
  if (lookup.A.cnames.length > 0 || lookup.AAAA.cnames.length > 0) problems.push('cname');
  const has4 = lookup.A.addresses.length > 0;
  const has6 = lookup.AAAA.addresses.length > 0;
  const transient = isTransient(lookup.A.outcome) || isTransient(lookup.AAAA.outcome);
  if (!has4 && !has6) problems.push(transient ? 'lookup-error' : 'no-address');
  else if (!has4 && has6) problems.push(isTransient(lookup.A.outcome) ? 'lookup-error' : 'ipv6-only');
  return problems;
}

export function buildHosts(facts: MxFacts): MxHost[] {
  return facts.set.entries
    .filter((e) => e.kind !== 'null')
    .map((e) => {
      const lookup = e.kind === 'host' ? facts.lookups.get(e.exchange) : undefined;
      const cnames = lookup ? (lookup.A.cnames.length ? lookup.A.cnames : lookup.AAAA.cnames) : [];
      return {
        exchange: e.exchange,
        priority: e.priority,
        addresses: { A: lookup?.A.addresses ?? [], AAAA: lookup?.AAAA.addresses ?? [] },
        outcomes: lookup ? { A: lookup.A.outcome, AAAA: lookup.AAAA.outcome } : null,
        ...(cnames.length ? { cname: cnames[cnames.length - 1] } : {}),
        problems: hostProblems(e.kind, lookup),
      };
    });
}

/** Pure verdict over the fetched facts. */
export function evaluateMx(facts: MxFacts): CheckResult<MxData> {
  const { domain } = facts;
  const findings: Finding[] = [];
  const fixes: Fix[] = [];
  const hosts = buildHosts(facts);
  const data: MxData = { domain, hosts, nullMx: facts.set.nullMx, ...(facts.sending !== undefined ? { sending: facts.sending } : {}) };
  const outcome = facts.mx.outcome;

  if (isTransient(outcome)) {
    findings.push({ code: 'mx.lookup-error', severity: 'error', detail: `Could not look up the MX records of ${domain}: ${facts.mx.message ?? outcome}.`, data: { outcome } });
    return result('error', `Could not test: the MX lookup for ${domain} failed (${outcome}).`, findings, facts.records, data);
  }
  if (outcome === 'NXDOMAIN') {
    findings.push({ code: 'mx.domain-not-found', severity: 'fail', detail: `${domain} does not exist in DNS (NXDOMAIN), so nobody can send mail to it and receivers reject mail from it.` });
    return result('fail', `${domain} does not exist in DNS.`, findings, facts.records, data);
  }

  if (outcome === 'NODATA' || facts.set.entries.length === 0) {
    const imp = facts.implicit;
    const A = imp?.A.addresses ?? [];
    const AAAA = imp?.AAAA.addresses ?? [];
    data.implicit = { A, AAAA };
    if (imp && (isTransient(imp.A.outcome) || isTransient(imp.AAAA.outcome)) && A.length + AAAA.length === 0) {
      findings.push({ code: 'mx.lookup-error', severity: 'error', detail: `${domain} has no MX record, and the lookup of its own address failed (${imp.A.outcome}/${imp.AAAA.outcome}).` });
      return result('error', `Could not test: ${domain} has no MX and its address lookup failed.`, findings, facts.records, data);
    }
    if (A.length + AAAA.length > 0) {
      findings.push({ code: 'mx.none-implicit', severity: 'warn', detail: `${domain} has no MX record; senders fall back to its own address (${[...A, ...AAAA].join(', ')}), which must then run a mail server to accept bounces and reports.`, data: { A, AAAA } });
    } else {
      findings.push({ code: 'mx.none', severity: 'warn', detail: `${domain} has no MX record and no address: mail to it cannot be delivered, so bounces and DMARC/TLS reports for it are lost.` });
    }
    fixes.push({ summary: `Publish an MX record pointing at the host that receives mail for ${domain} (or a null MX "0 ." if it never receives mail).`, records: [{ name: domain, type: 'MX', value: `10 mail.${domain}.` }] });
    return result(statusOf(findings), `${domain} has no MX record.`, findings, facts.records, data, fixes[0]);
  }

  if (facts.set.nullMixed) {
    findings.push({ code: 'mx.null-mixed', severity: 'fail', detail: `${domain} publishes a null MX ("0 .") next to other MX records; RFC 7505 §3 forbids that, and senders may treat the domain as accepting no mail.` });
    fixes.push({ summary: 'Remove the null MX record (or remove the other MX records if the domain really receives no mail).', records: [], replaces: `${domain} MX 0 .` });
  } else if (facts.set.nullMx) {
    if (facts.sending) {
      findings.push({ code: 'mx.null-sending', severity: 'warn', detail: `${domain} publishes a null MX ("0 .": it accepts no mail) but its SPF record says it sends mail. Bounces and DMARC reports cannot come back, and receivers may reject mail from it (RFC 7505 §4.2).` });
      fixes.push({ summary: `Replace the null MX with an MX for the host that should receive bounces for ${domain}.`, records: [{ name: domain, type: 'MX', value: `10 mail.${domain}.` }], replaces: `${domain} MX 0 .` });
    } else {
      findings.push({ code: 'mx.null', severity: 'info', detail: `${domain} publishes a null MX ("0 ."): it accepts no mail (RFC 7505).` });
    }
    return result(statusOf(findings), facts.sending ? `${domain} says it accepts no mail (null MX) but sends mail.` : `${domain} accepts no mail (null MX).`, findings, facts.records, data, fixes[0]);
  }

  for (const h of hosts) {
    for (const p of h.problems) findings.push(hostFinding(domain, h, p, fixes));
  }

  const reachable = hosts.filter((h) => h.addresses.A.length + h.addresses.AAAA.length > 0);
  if (reachable.length > 0 && reachable.every((h) => h.addresses.A.length === 0)) {
    const transient = hosts.some((h) => h.problems.includes('lookup-error'));
    if (!transient) {
      // Keep one domain-level finding instead of one per host: what matters is that no IPv4 path exists.
      for (let i = findings.length - 1; i >= 0; i--) if (findings[i]!.code === 'mx.host-ipv6-only') findings.splice(i, 1);
      findings.push({ code: 'mx.ipv6-only', severity: 'warn', detail: `Every MX host of ${domain} has only IPv6 addresses; senders without IPv6 (still many) cannot deliver to it.` });
    }
  }

  if (!findings.some((f) => f.severity === 'fail' || f.severity === 'error')) {
    const n = hosts.length;
    findings.unshift({ code: 'mx.ok', severity: 'pass', detail: `${n} MX host${n === 1 ? '' : 's'} for ${domain}, ${reachable.length === n ? 'each with an address' : `${reachable.length} with an address`}.` });
  }
  const status = statusOf(findings);
  const worstFix = fixes[0];
  const summary = status === 'pass'
    ? `Mail for ${domain} goes to ${hosts.map((h) => h.exchange).join(', ')}.`
    : `${findings.filter((f) => f.severity !== 'pass' && f.severity !== 'info').length} problem(s) with the MX hosts of ${domain}.`;
  return result(status, summary, findings, facts.records, data, worstFix);
}

function hostFinding(domain: string, h: MxHost, p: MxProblem, fixes: Fix[]): Finding {
  const at = { exchange: h.exchange, priority: h.priority };
  switch (p) {
    case 'ip-literal':
      fixes.unshift({
        summary: `Give the mail server a name and point the MX at that name instead of the address ${h.exchange}.`,
        records: [
          { name: `mail.${domain}`, type: /:/.test(h.exchange) ? 'AAAA' : 'A', value: h.exchange.replace(/^\[|\]$/g, '') },
          { name: domain, type: 'MX', value: `${h.priority} mail.${domain}.` },
        ],
        replaces: `${domain} MX ${h.priority} ${h.exchange}`,
      });
      return { code: 'mx.ip-literal', severity: 'fail', detail: `The MX "${h.priority} ${h.exchange}" is an IP address; an MX must name a host (RFC 5321 §5.1), so senders look up "${h.exchange}" as a name and fail.`, data: at };
    case 'invalid-name':
      return { code: 'mx.invalid-name', severity: 'fail', detail: `The MX "${h.priority} ${h.exchange}" is not a valid host name.`, data: at };
    case 'cname':
      fixes.push({ summary: `Point the MX at the canonical name ${h.cname} instead of the alias ${h.exchange}.`, records: [{ name: domain, type: 'MX', value: `${h.priority} ${h.cname}.` }], replaces: `${domain} MX ${h.priority} ${h.exchange}` });
      return { code: 'mx.cname', severity: 'warn', detail: `The MX host ${h.exchange} is an alias (CNAME) for ${h.cname}; MX must point at the canonical name (RFC 2181 §10.3, RFC 5321 §5.1). Most senders cope, some do not.`, data: { ...at, cname: h.cname } };
    case 'no-address':
      fixes.unshift({ summary: `Publish an address for ${h.exchange} (or remove that MX record).`, records: [{ name: h.exchange, type: 'A', value: '<IPv4 address of your mail server>' }] });
      return { code: 'mx.host-no-address', severity: 'fail', detail: `The MX host ${h.exchange} (preference ${h.priority}) has no A or AAAA record (${h.outcomes?.A ?? ''}); senders cannot deliver to it.`, data: { ...at, outcomes: h.outcomes } };
    case 'lookup-error':
      return { code: 'mx.host-lookup-error', severity: 'error', detail: `Could not look up the address of the MX host ${h.exchange} (A: ${h.outcomes?.A}, AAAA: ${h.outcomes?.AAAA}).`, data: { ...at, outcomes: h.outcomes } };
    case 'ipv6-only':
      return { code: 'mx.host-ipv6-only', severity: 'info', detail: `The MX host ${h.exchange} has only IPv6 addresses; IPv4-only senders use your other MX hosts.`, data: at };
  }
}

/** A check whose only findings are notes (info) reports "info", not "pass". */
function statusOf(findings: Finding[]): CheckStatus {
  const s = statusFromFindings(findings);
  return s === 'pass' && !findings.some((f) => f.severity === 'pass') && findings.some((f) => f.severity === 'info') ? 'info' : s;
}

function result(status: CheckStatus, summary: string, findings: Finding[], records: RecordView[], data: MxData, fix?: Fix): CheckResult<MxData> {
  return { id: 'mx', status, title: TITLE, summary, findings, records, data, ...(fix ? { fix } : {}) };
}
