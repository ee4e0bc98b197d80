import { getDomain } from 'tldts';
import { isTransient } from '../../dns/errors';
import type { DnsAnswer, DnsOutcome } from '../../dns/types';
import type { CheckContext, CheckResult, CheckStatus, Finding, Fix, RecordView } from '../types';
import { worst } from '../types';
import { bimiCandidates, enforcingDmarcRecord, parseBimiRecord, parseDmarcPolicy, type BimiRecord, type DmarcPolicyView } from './record';

export interface BimiInput {
  domain: string;
}

export interface BimiData {
  domain: string;
  record?: BimiRecord & { valid: true } | { raw: string; valid: false; errors: string[] };
  dmarc?: { name: string; record?: DmarcPolicyView; applied?: string; outcome: DnsOutcome; enforced: boolean };
}

export interface BimiFacts {
  domain: string;
  txt: { outcome: DnsOutcome; message?: string; strings: string[][] };
  /** The DMARC record that governs the domain: its own, or the organisational domain's. */
  dmarc: { name: string; outcome: DnsOutcome; strings: string[][]; inherited: boolean };
}

const TITLE = 'BIMI';

/** BIMI: the logo record at default._bimi, and the DMARC enforcement it depends on. Optional: never "fail". */
export async function checkBimi(ctx: CheckContext, input: BimiInput): Promise<CheckResult<BimiData>> {
  const domain = input.domain.toLowerCase().replace(/\.$/, '');
  const org = getDomain(domain) ?? domain;
  // The DMARC lookups are the same questions the DMARC check asks; the resolver answers them once.
  const [txt, own, orgAnswer] = await Promise.all([
    ctx.dns.query(`default._bimi.${domain}`, 'TXT'),
    ctx.dns.query(`_dmarc.${domain}`, 'TXT'),
    org !== domain ? ctx.dns.query(`_dmarc.${org}`, 'TXT') : undefined,
  ]);
  const useOrg = orgAnswer !== undefined && !hasDmarc(own) && !isTransient(own.outcome);
  const dmarc = useOrg ? orgAnswer : own;
  return evaluateBimi({
    domain,
    txt: { outcome: txt.outcome, message: txt.message, strings: txtOf(txt) },
    dmarc: { name: dmarc.name, outcome: dmarc.outcome, strings: txtOf(dmarc), inherited: useOrg },
  });
}

/** Pure verdict. Severities stop at "warn": BIMI is optional (scoring policy). */
export function evaluateBimi(facts: BimiFacts): CheckResult<BimiData> {
  const { domain } = facts;
  const name = `default._bimi.${domain}`;
  const findings: Finding[] = [];
  const fixes: Fix[] = [];
  const data: BimiData = { domain };
  const records: RecordView[] = facts.txt.strings.map((s) => ({ name, type: 'TXT', value: s.join(''), strings: s }));

  if (isTransient(facts.txt.outcome)) {
    findings.push({ code: 'bimi.lookup-error', severity: 'error', detail: `Could not look up TXT ${name}: ${facts.txt.message ?? facts.txt.outcome}.` });
    return result('error', `Could not test: the TXT lookup for ${name} failed (${facts.txt.outcome}).`, findings, records, data);
  }

  // DMARC first: it decides whether BIMI can work at all.
  const dmarcRaw = facts.dmarc.strings.map((s) => s.join('')).filter((t) => /^v\s*=\s*dmarc1/i.test(t.trim()));
  const dmarcView = dmarcRaw.length === 1 ? parseDmarcPolicy(dmarcRaw[0]!.trim()) : undefined;
  const applied = dmarcView ? (facts.dmarc.inherited ? (dmarcView.sp ?? dmarcView.p) : dmarcView.p) : undefined;
  const enforced = (applied === 'quarantine' || applied === 'reject') && (dmarcView?.pct ?? 100) === 100;
  data.dmarc = { name: facts.dmarc.name, outcome: facts.dmarc.outcome, enforced, ...(dmarcView ? { record: dmarcView } : {}), ...(applied ? { applied } : {}) };

  const candidates = bimiCandidates(facts.txt.strings);
  if (candidates.length === 0) {
    findings.push({ code: 'bimi.absent', severity: 'info', detail: `${domain} publishes no BIMI record, so mailboxes that support BIMI show no brand logo.${enforced ? ' DMARC is at enforcement, so BIMI could be added.' : ''}` });
    return result('info', `No BIMI record for ${domain} (optional).`, findings, records, data, {
      summary: `To show your logo, host an SVG Tiny PS logo over HTTPS (and, for Gmail and Apple Mail, a VMC or CMC certificate), then publish:`,
      records: [{ name, type: 'TXT', value: `v=BIMI1; l=https://${domain}/bimi/logo.svg; a=` }],
    });
  }
  if (candidates.length > 1) findings.push({ code: 'bimi.multiple', severity: 'warn', detail: `${name} has ${candidates.length} BIMI records; mailbox providers then use none.` });

  const parsed = parseBimiRecord(candidates[0]!.trim());
  if (!parsed.ok) {
    data.record = { raw: parsed.raw, valid: false, errors: parsed.errors };
    findings.push({ code: 'bimi.malformed', severity: 'warn', detail: `The BIMI record "${parsed.raw.slice(0, 100)}" is invalid: ${parsed.errors.join('; ')}.`, data: { errors: parsed.errors } });
    fixes.push({ summary: `Publish a valid BIMI record (an https:// SVG logo URL in l=, the VMC/CMC URL in a=):`, records: [{ name, type: 'TXT', value: `v=BIMI1; l=https://${domain}/bimi/logo.svg; a=` }], replaces: parsed.raw });
  } else {
    const rec = parsed.record;
    data.record = { ...rec, valid: true };
    if (rec.declined) {
      findings.push({ code: 'bimi.declined', severity: 'info', detail: `${domain} publishes an empty BIMI record: it declines to show a logo.` });
      return result('info', `${domain} declines BIMI (empty record).`, findings, records, data);
    }
    for (const w of parsed.warnings) findings.push({ code: 'bimi.location-not-svg', severity: 'warn', detail: w });
    if (rec.authority === '') {
      findings.push({ code: 'bimi.no-authority', severity: 'info', detail: 'No a= (VMC/CMC certificate): Gmail and Apple Mail show BIMI logos only with one; Yahoo and some others show them without.' });
    }
  }

  if (isTransient(facts.dmarc.outcome) && !dmarcView) {
    findings.push({ code: 'bimi.dmarc-lookup-error', severity: 'error', detail: `Could not look up ${facts.dmarc.name} (${facts.dmarc.outcome}) to see whether DMARC is at enforcement.` });
  } else if (!dmarcView) {
    findings.push({ code: 'bimi.dmarc-missing', severity: 'warn', detail: `BIMI needs DMARC at enforcement, but ${facts.dmarc.name} has ${dmarcRaw.length > 1 ? 'more than one' : 'no valid'} DMARC record: no mailbox will show the logo.` });
    fixes.unshift({ summary: 'Publish a DMARC policy at enforcement (BIMI requires p=quarantine or p=reject with pct=100):', records: [{ name: `_dmarc.${domain}`, type: 'TXT', value: `v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}` }] });
  } else if (!enforced) {
    const why = applied === 'quarantine' || applied === 'reject' ? `pct=${dmarcView.pct} applies the policy to only part of the mail` : `the policy is ${applied ? `${facts.dmarc.inherited ? 'sp' : 'p'}=${applied}` : 'missing its p= tag'}`;
    findings.push({ code: 'bimi.dmarc-not-enforced', severity: 'warn', detail: `BIMI needs DMARC at enforcement (p=quarantine or reject, pct=100), but ${why} (${facts.dmarc.name}): no mailbox will show the logo.`, data: { p: dmarcView.p, sp: dmarcView.sp, pct: dmarcView.pct } });
    fixes.unshift({ summary: `Raise DMARC to enforcement once your DMARC reports show all legitimate mail passing:`, records: [{ name: facts.dmarc.name, type: 'TXT', value: enforcingDmarcRecord(dmarcView.raw) }], replaces: dmarcView.raw });
  }

  if (!findings.some((f) => f.severity === 'warn' || f.severity === 'error')) {
    findings.unshift({ code: 'bimi.ok', severity: 'pass', detail: `BIMI record with logo ${data.record && data.record.valid ? data.record.location : ''}; DMARC is at enforcement.` });
  }
  // Optional check: clamp at "warn" whatever a finding says.
  const status = clamp(worst(findings.map((f) => (f.severity === 'info' ? 'pass' : f.severity))));
  const summary = status === 'pass' ? `BIMI is set up for ${domain}.` : `BIMI for ${domain}: ${findings.filter((f) => f.severity === 'warn' || f.severity === 'error').length} problem(s).`;
  return result(status, summary, findings, records, data, fixes[0]);
}

function clamp(s: CheckStatus): CheckStatus {
  return s === 'fail' ? 'warn' : s;
}

function hasDmarc(a: DnsAnswer): boolean {
  return txtOf(a).some((s) => /^v\s*=\s*dmarc1/i.test(s.join('').trim()));
}

function txtOf(a: DnsAnswer): string[][] {
  return a.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
}

function result(status: CheckStatus, summary: string, findings: Finding[], records: RecordView[], data: BimiData, fix?: Fix): CheckResult<BimiData> {
  return { id: 'bimi', status, title: TITLE, summary, findings, records, data, ...(fix ? { fix } : {}) };
}
