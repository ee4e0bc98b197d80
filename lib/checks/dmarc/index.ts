import type { CheckContext, CheckResult, Finding, Fix, RecordView } from '../types';
import { statusFromFindings } from '../types';
import { txtRecord } from '../../dns/txt';
import { effectivePolicy, evaluateDestinations, evaluateRecord, type PolicySource } from './evaluate';
import { checkExternalDestinations, isUnknown, type ExternalDestination } from './external';
import { rebuildRecord, starterRecord } from './fix';
import { discoverDmarc, type Discovery, type DmarcLookup } from './lookup';
import { parseDmarcRecord, type DmarcParse, type Policy } from './parse';

export interface DmarcInput {
  domain: string;
}

export interface DmarcData {
  /** The DMARC record that applies (joined TXT), or null. */
  record: string | null;
  tags: Record<string, string>;
  /** Where the record came from (RFC 9989 §4.10.1): the domain, its Organizational Domain, or a Public Suffix Domain. */
  source: PolicySource | null;
  /** The name the record was read from, e.g. "_dmarc.example.com". */
  recordName: string | null;
  /** The Organizational Domain by the RFC 9989 tree walk (§4.10.2). */
  orgDomain: string | null;
  /** The policy receivers apply to mail from the domain: p=, or sp=/np= when inherited (before t=y). */
  policy: Policy | null;
  /** t=y: RFC 9989 receivers apply one step less than `policy`. */
  testing: boolean;
  /** false when the domain does not exist (NXDOMAIN) and np= applied; asked only for inherited policies. */
  exists?: boolean;
  /** The tree walk (RFC 9989 §4.10): each _dmarc name asked, in order, and what it returned. */
  walk: WalkView[];
  /** What an RFC 7489 receiver (Public Suffix List, pct, no np=/t=) applies instead. */
  rfc7489: { orgDomain: string | null; recordName: string | null; policy: Policy | null };
  externalDestinations: { uri: string; domain: string; authorised: boolean; outcome: string }[];
}

export interface WalkView {
  name: string;
  outcome: string;
  /** The v=DMARC1 records there (more than one: all discarded). */
  records: string[];
  psd?: 'y' | 'n' | 'u';
}

export async function checkDmarc(ctx: CheckContext, input: DmarcInput): Promise<CheckResult<DmarcData>> {
  const domain = input.domain.trim().toLowerCase().replace(/\.$/, '');
  const d = await discoverDmarc(ctx, domain);
  const findings: Finding[] = [];
  const records = recordViews(d.lookups);
  const old = rfc7489Reading(d);
  const walk: WalkView[] = d.walk.steps.map((s) => ({ name: s.name, outcome: s.dns, records: s.dmarc.map((t) => t.text), ...(s.psd ? { psd: s.psd } : {}) }));
  const base: DmarcData = { record: null, tags: {}, source: null, recordName: null, orgDomain: d.transient ? null : d.orgDomain, policy: null, testing: false, walk, rfc7489: old, externalDestinations: [] };
  const result = (summary: string, data: DmarcData, fix?: Fix): CheckResult<DmarcData> => ({
    id: 'dmarc',
    status: statusFromFindings(findings),
    title: 'DMARC',
    summary,
    findings,
    records,
    ...(fix ? { fix } : {}),
    data,
  });

  // Records meant as DMARC that receivers discard: say so wherever they were seen.
  for (const l of d.lookups) {
    for (const b of l.broken) {
      findings.push({ code: 'dmarc.bad-version', severity: 'fail', detail: `${l.name} has ${JSON.stringify(b.text.slice(0, 80))}, which does not start with v=DMARC1 (exactly that, then ";"): receivers ignore it`, data: { name: l.name } });
    }
  }
  const brokenFix = (): Fix | undefined => {
    const l = d.lookups.find((x) => x.broken.length > 0);
    if (!l) return undefined;
    const value = rebuildRecord(parseDmarcRecord(l.broken[0]!.text), l.domain);
    return { summary: `Replace the ignored record at ${l.name} with this one (v=DMARC1 must come first).`, records: [txtRecord(l.name, value)], replaces: l.broken[0]!.text };
  };

  if (d.transient) {
    const l = d.transient;
    findings.push({ code: 'dmarc.lookup-error', severity: 'error', detail: `could not look up ${l.name}: ${l.message ?? l.dns}`, data: { name: l.name, outcome: l.dns } });
    return result(`Could not test: the lookup of ${l.name} failed (${l.dns}).`, base);
  }

  const applied = d.applies ? appliedPolicy(d) : null;
  if (d.multiple) {
    const l = d.multiple;
    const rfc9989 = d.applies ? `discard them and apply ${applied?.policy ?? 'no policy'} from ${d.applies.lookup.name}` : 'discard them, and the tree walk finds no other record';
    findings.push({
      code: 'dmarc.multiple-records',
      severity: 'fail',
      detail: `${l.name} has ${l.dmarc.length} DMARC records: RFC 9989 receivers ${rfc9989} (§4.10 step 2); RFC 7489 receivers apply no policy at all (§6.6.3)`,
      data: { name: l.name, count: l.dmarc.length, rfc9989: applied?.policy ?? null, rfc7489: null },
    });
    const keep = l.dmarc.map((t) => parseDmarcRecord(t.text)).sort((a, b) => strength(b) - strength(a))[0]!;
    const data: DmarcData = d.applies && applied
      ? { ...base, record: d.applies.lookup.dmarc[0]!.text, tags: applied.parse.tags, source: d.applies.source, recordName: d.applies.lookup.name, policy: applied.policy, testing: applied.parse.record.t === 'y', ...existence(d) }
      : { ...base, recordName: l.name };
    return result(`${l.dmarc.length} DMARC records at ${l.name}: receivers ignore all of them.`, data, {
      summary: `Publish exactly one DMARC record at ${l.name}: delete the others and keep one (below, the strictest of them, cleaned up).`,
      records: [txtRecord(l.name, rebuildRecord(keep, l.domain))],
      replaces: l.dmarc.map((t) => t.text).join(' | '),
    });
  }

  if (!d.applies || !applied) {
    // Where to publish: the registered domain covers every subdomain; RFC 9989's walk finds it there too.
    const target = d.rfc7489.orgDomain ?? domain;
    const asked = d.walk.steps.map((l) => l.name);
    if (!findings.some((f) => f.code === 'dmarc.bad-version')) {
      findings.push({ code: 'dmarc.missing', severity: 'fail', detail: `no DMARC record at ${listNames(asked)}: receivers apply no policy to mail claiming to be from ${domain}, and you get no reports`, data: { asked } });
    }
    const fix = brokenFix() ?? {
      summary:
        `Publish this TXT record at _dmarc.${target}${target !== domain ? ` (the organizational domain, so it covers ${domain} and every other subdomain)` : ''}. ` +
        `p=none only monitors: nothing is blocked while aggregate reports arrive at dmarc-reports@${target} (create that mailbox, or use an address you read or a report service). ` +
        'After two to four weeks of reports showing your real senders pass, move to p=quarantine, then p=reject.',
      records: [txtRecord(`_dmarc.${target}`, starterRecord(target))],
    };
    return result(`No DMARC record at ${listNames(asked)}.`, base, fix);
  }

  const { lookup: l, source } = d.applies;
  const text = l.dmarc[0]!.text;
  const parse = applied.parse;
  const policyDomain = l.domain;
  findings.push(...evaluateRecord(parse, { domain, policyDomain, source, ...(d.exists ? { exists: d.exists.exists } : {}) }));
  const differs = readingsDiffer(d, applied.policy, old);
  if (differs) findings.push(differs);

  const uris = [...parse.record.rua.map((uri) => ({ tag: 'rua' as const, uri })), ...parse.record.ruf.map((uri) => ({ tag: 'ruf' as const, uri }))];
  const dests = await checkExternalDestinations(ctx, policyDomain, source === 'domain' ? d.orgDomain : policyDomain, uris);
  findings.push(...evaluateDestinations(dests, policyDomain));

  const data: DmarcData = {
    ...base,
    record: text,
    tags: parse.tags,
    source,
    recordName: l.name,
    policy: applied.policy,
    testing: parse.record.t === 'y',
    ...existence(d),
    externalDestinations: dests.map((x) => ({ uri: x.uri, domain: x.domain, authorised: x.authorised, outcome: x.outcome })),
  };
  const summary =
    source === 'domain'
      ? `DMARC policy ${applied.policy ?? 'invalid'} at ${l.name}.`
      : `No DMARC record at _dmarc.${domain}; the ${source === 'psd' ? 'public suffix' : 'organizational'} domain's record at ${l.name} applies (policy ${applied.policy ?? 'invalid'}).`;
  // A PSD record belongs to the public suffix operator: the domain's owner cannot edit it, and its
  // reports go to the operator (RFC 9989 §4.10.1 note). The fix is a record of the owner's own.
  if (source === 'psd') {
    return result(summary, data, {
      summary: `Publish your own DMARC record at _dmarc.${d.orgDomain}: the record at ${l.name} is the public suffix operator's (psd=y), applies only while you publish none, and sends its reports to the operator, not to you.`,
      records: [txtRecord(`_dmarc.${d.orgDomain}`, starterRecord(d.orgDomain))],
    });
  }
  return result(summary, data, recordFix(parse, l, findings, dests) ?? brokenFix());
}

function existence(d: Discovery): { exists?: boolean } {
  return d.exists ? { exists: d.exists.exists } : {};
}

function listNames(names: string[]): string {
  return names.length <= 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The RFC 9989 policy for the discovered record. */
function appliedPolicy(d: Discovery): { parse: DmarcParse; policy: Policy | null } | null {
  if (!d.applies) return null;
  const parse = parseDmarcRecord(d.applies.lookup.dmarc[0]!.text);
  return { parse, policy: effectivePolicy(parse, d.applies.source, d.exists ? { exists: d.exists.exists } : {}) };
}

/** What an RFC 7489 receiver applies: PSL organizational domain, no np=. */
function rfc7489Reading(d: Discovery): DmarcData['rfc7489'] {
  const a = d.rfc7489.applies;
  if (!a) return { orgDomain: d.rfc7489.orgDomain, recordName: null, policy: null };
  const policy = effectivePolicy(parseDmarcRecord(a.lookup.dmarc[0]!.text), a.source, { reading: 'rfc7489' });
  return { orgDomain: d.rfc7489.orgDomain, recordName: a.lookup.name, policy };
}

/**
 * Receivers will differ for years: when an RFC 7489 receiver (Public Suffix List) would take the
 * policy from another record, or reach another policy, say both in one sentence.
 */
function readingsDiffer(d: Discovery, policy: Policy | null, old: DmarcData['rfc7489']): Finding | undefined {
  const name = d.applies!.lookup.name;
  if (old.recordName === name && old.policy === policy) return undefined;
  const by = d.orgBy === 'psd=n' ? ' (psd=n there)' : d.orgBy === 'psd=y' ? ' (below a psd=y record)' : '';
  const rfc9989 = `RFC 9989 receivers walk the DNS tree and apply ${policy ?? 'no policy'} from ${name}${d.applies!.source !== 'domain' ? `, organizational domain ${d.orgDomain}${by}` : ''}`;
  const rfc7489 = old.recordName
    ? `RFC 7489 receivers (Public Suffix List, organizational domain ${old.orgDomain ?? 'none'}) apply ${old.policy ?? 'no policy'} from ${old.recordName}`
    : `RFC 7489 receivers (Public Suffix List, organizational domain ${old.orgDomain ?? 'none'}) find no record and apply no policy`;
  return {
    code: 'dmarc.rfc7489-differs',
    severity: 'info',
    detail: `${rfc9989}; ${rfc7489}`,
    data: { rfc9989: { recordName: name, orgDomain: d.orgDomain, policy }, rfc7489: old },
  };
}

/** Higher for stronger policies: used to pick which of several records to keep. */
function strength(p: DmarcParse): number {
  return p.record.p === 'reject' ? 3 : p.record.p === 'quarantine' ? 2 : p.record.p === 'none' ? 1 : 0;
}

function recordFix(parse: DmarcParse, l: DmarcLookup, findings: Finding[], dests: ExternalDestination[]): Fix | undefined {
  const has = (code: string) => findings.some((f) => f.code === code);
  const steps: string[] = [];
  let out: Fix['records'] = [];
  // Notes (removed tags) alone are no reason to republish; errors and unknown tags are.
  const broken = parse.errors.length > 0 || has('dmarc.testing');
  // Gather reports before enforcing: while no aggregate report can arrive (no usable rua, or only
  // external addresses that have not authorised us), the next step is reports, not quarantine.
  const blocked = new Set(dests.filter((x) => !x.authorised).map((x) => x.uri));
  const reportsArrive = parse.record.rua.some((u) => !u.problem && !blocked.has(u.uri));
  const raise = has('dmarc.policy-none') && reportsArrive && parse.record.p === 'none';
  if (broken || has('dmarc.no-rua') || raise) {
    const value = rebuildRecord(parse, l.domain, raise ? { raiseTo: 'quarantine' } : {});
    if (value !== parse.text.trim()) {
      if (broken) steps.push('Replace the record with this cleaned-up version (invalid and unknown tags removed).');
      if (has('dmarc.no-rua')) steps.push(`Add an aggregate-report address (rua=) you read; dmarc-reports@${l.domain} is a suggestion, create it or use your own.`);
      if (raise) steps.push('When the aggregate reports show that all your real mail passes DMARC, raise the policy to quarantine (below); later, to reject.');
      out.push(txtRecord(l.name, value));
    }
  }
  const unauthorised = [...new Map(dests.filter((x) => !x.authorised && !isUnknown(x)).map((x) => [x.domain, x])).values()];
  if (unauthorised.length) {
    // Records are only offered in the user's own zone: the authorisation lives in the report
    // service's zone, so the record below sends reports to a mailbox of the user's own instead.
    const drop = new Set(dests.filter((x) => unauthorised.some((u) => u.domain === x.domain)).map((x) => x.uri));
    steps.push(`Reports to ${unauthorised.map((x) => x.domain).join(', ')} are never sent: ${unauthorised.length > 1 ? 'those domains publish' : 'that domain publishes'} no authorisation (${unauthorised.map((x) => `TXT ${x.name} "v=DMARC1"`).join(', ')}). If it is a report service, add your domain in its dashboard and it publishes that for you; until then, the record below sends reports to a mailbox of your own.`);
    out = [txtRecord(l.name, rebuildRecord(parse, l.domain, { drop }))];
  }
  if (out.length === 0) return undefined;
  const replaces = out.some((r) => r.name === l.name) ? { replaces: parse.text } : {};
  return { summary: steps.join(' '), records: out, where: 'dns', ...replaces };
}

function recordViews(lookups: DmarcLookup[]): RecordView[] {
  return lookups.flatMap((l) => [...l.dmarc, ...l.broken].map((t) => ({ name: l.name, type: 'TXT', value: t.text, ...(t.strings.length > 1 ? { strings: t.strings } : {}) })));
}

