import type { CheckContext, CheckResult, Finding, Fix, RecordView } from '../types';
import { statusFromFindings } from '../types';
import { txtRecord } from '../../dns/txt';
import { effectivePolicy, evaluateDestinations, evaluateRecord } from './evaluate';
import { checkExternalDestinations, isUnknown, type ExternalDestination } from './external';
import { rebuildRecord, starterRecord } from './fix';
import { discoverDmarc, type DmarcLookup } from './lookup';
import { parseDmarcRecord, type DmarcParse, type Policy } from './parse';

export interface DmarcInput {
  domain: string;
}

export interface DmarcData {
  /** The DMARC record that applies (joined TXT), or null. */
  record: string | null;
  tags: Record<string, string>;
  /** Where the record came from: the domain itself, or its Organizational Domain (RFC 7489 §6.6.3). */
  source: 'domain' | 'organizational' | null;
  /** The name the record was read from, e.g. "_dmarc.example.com". */
  recordName: string | null;
  orgDomain: string | null;
  /** The policy receivers apply to mail from the domain (sp= when inherited). */
  policy: Policy | null;
  externalDestinations: { uri: string; domain: string; authorised: boolean; outcome: string }[];
}

export async function checkDmarc(ctx: CheckContext, input: DmarcInput): Promise<CheckResult<DmarcData>> {
  const domain = input.domain.trim().toLowerCase().replace(/\.$/, '');
  const d = await discoverDmarc(ctx, domain);
  const findings: Finding[] = [];
  const records = recordViews(d.lookups);
  const base: DmarcData = { record: null, tags: {}, source: null, recordName: null, orgDomain: d.orgDomain, policy: null, externalDestinations: [] };
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

  if (d.multiple) {
    const l = d.multiple;
    findings.push({ code: 'dmarc.multiple-records', severity: 'fail', detail: `${l.name} has ${l.dmarc.length} DMARC records; RFC 7489 §6.6.3 says receivers then apply none of them`, data: { name: l.name, count: l.dmarc.length } });
    const keep = l.dmarc.map((t) => parseDmarcRecord(t.text)).sort((a, b) => strength(b) - strength(a))[0]!;
    return result(`${l.dmarc.length} DMARC records at ${l.name}: receivers apply none of them.`, { ...base, recordName: l.name }, {
      summary: `Publish exactly one DMARC record at ${l.name}: delete the others and keep one (below, the strictest of them, cleaned up).`,
      records: [txtRecord(l.name, rebuildRecord(keep, l.domain))],
      replaces: l.dmarc.map((t) => t.text).join(' | '),
    });
  }

  if (!d.applies) {
    const target = d.orgDomain ?? domain;
    if (!findings.some((f) => f.code === 'dmarc.bad-version')) {
      const where = d.lookups.map((l) => l.name).join(' or ');
      findings.push({ code: 'dmarc.missing', severity: 'fail', detail: `no DMARC record at ${where}: receivers apply no policy to mail claiming to be from ${domain}, and you get no reports` });
    }
    const fix = brokenFix() ?? {
      summary:
        `Publish this TXT record at _dmarc.${target}${target !== domain ? ` (the organizational domain, so it covers ${domain} and every other subdomain)` : ''}. ` +
        `p=none only monitors: nothing is blocked while aggregate reports arrive at dmarc-reports@${target} (create that mailbox, or use an address you read or a report service). ` +
        'After two to four weeks of reports showing your real senders pass, move to p=quarantine, then p=reject.',
      records: [txtRecord(`_dmarc.${target}`, starterRecord(target))],
    };
    return result(`No DMARC record at ${d.lookups.map((l) => l.name).join(' or ')}.`, base, fix);
  }

  const { lookup: l, source } = d.applies;
  const text = l.dmarc[0]!.text;
  const parse = parseDmarcRecord(text);
  const policyDomain = l.domain;
  findings.push(...evaluateRecord(parse, { domain, policyDomain, source }));

  const uris = [...parse.record.rua.map((uri) => ({ tag: 'rua' as const, uri })), ...parse.record.ruf.map((uri) => ({ tag: 'ruf' as const, uri }))];
  const dests = await checkExternalDestinations(ctx, policyDomain, uris);
  findings.push(...evaluateDestinations(dests, policyDomain));

  const policy = effectivePolicy(parse, source);
  const data: DmarcData = {
    ...base,
    record: text,
    tags: parse.tags,
    source,
    recordName: l.name,
    policy,
    externalDestinations: dests.map((x) => ({ uri: x.uri, domain: x.domain, authorised: x.authorised, outcome: x.outcome })),
  };
  const summary =
    source === 'domain'
      ? `DMARC policy ${policy ?? 'invalid'} at ${l.name}.`
      : `No DMARC record at _dmarc.${domain}; the organizational domain's record at ${l.name} applies (policy ${policy ?? 'invalid'}).`;
  return result(summary, data, recordFix(parse, l, findings, dests) ?? brokenFix());
}

/** Higher for stronger policies: used to pick which of several records to keep. */
function strength(p: DmarcParse): number {
  return p.record.p === 'reject' ? 3 : p.record.p === 'quarantine' ? 2 : p.record.p === 'none' ? 1 : 0;
}

function recordFix(parse: DmarcParse, l: DmarcLookup, findings: Finding[], dests: ExternalDestination[]): Fix | undefined {
  const has = (code: string) => findings.some((f) => f.code === code);
  const steps: string[] = [];
  let out: Fix['records'] = [];
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

