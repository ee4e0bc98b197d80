import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { statusFromFindings, type CheckContext, type CheckResult, type CheckStatus, type Finding, type Fix, type RecordView } from '../types';
import { parseTlsRptRecord, tlsRptCandidates } from './record';

export interface TlsRptInput {
  domain: string;
}

export interface TlsRptData {
  domain: string;
  record?: { raw: string; valid: boolean; rua: string[]; errors?: string[] };
}

const TITLE = 'TLS-RPT';

/** SMTP TLS reporting (RFC 8460): where senders report TLS failures when delivering to this domain. */
export async function checkTlsRpt(ctx: CheckContext, input: TlsRptInput): Promise<CheckResult<TlsRptData>> {
  const domain = input.domain.toLowerCase().replace(/\.$/, '');
  const name = `_smtp._tls.${domain}`;
  const txt = await ctx.dns.query(name, 'TXT');
  const strings = txt.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
  return evaluateTlsRpt(domain, { outcome: txt.outcome, message: txt.message, strings });
}

/** Pure verdict over the TXT answer. */
export function evaluateTlsRpt(domain: string, txt: { outcome: DnsOutcome; message?: string; strings: string[][] }): CheckResult<TlsRptData> {
  const name = `_smtp._tls.${domain}`;
  const findings: Finding[] = [];
  const data: TlsRptData = { domain };
  const records: RecordView[] = txt.strings.map((s) => ({ name, type: 'TXT', value: s.join(''), strings: s }));
  const suggested = (rua: string[]): Fix => ({ summary: `Publish a TLS-RPT record so senders report TLS problems to you:`, records: [{ name, type: 'TXT', value: `v=TLSRPTv1; rua=${(rua.length ? rua : [`mailto:tlsrpt@${domain}`]).join(',')}` }] });

  if (isTransient(txt.outcome)) {
    findings.push({ code: 'tls-rpt.lookup-error', severity: 'error', detail: `Could not look up TXT ${name}: ${txt.message ?? txt.outcome}.` });
    return result('error', `Could not test: the TXT lookup for ${name} failed (${txt.outcome}).`, findings, records, data);
  }
  const candidates = tlsRptCandidates(txt.strings);
  if (candidates.length === 0) {
    findings.push({ code: 'tls-rpt.absent', severity: 'info', detail: `${domain} publishes no TLS-RPT record, so you do not hear when senders fail to deliver to you over TLS.` });
    return result('info', `No TLS-RPT record for ${domain} (optional).`, findings, records, data, suggested([]));
  }
  if (candidates.length > 1) {
    findings.push({ code: 'tls-rpt.multiple', severity: 'warn', detail: `${name} has ${candidates.length} TLS-RPT records; RFC 8460 §3 says senders then send no reports at all.` });
  }
  const parsed = parseTlsRptRecord(candidates[0]!);
  if (!parsed.ok) {
    data.record = { raw: parsed.raw, valid: false, rua: parsed.validRua, errors: parsed.errors };
    findings.push({ code: 'tls-rpt.malformed', severity: 'warn', detail: `The record "${parsed.raw.slice(0, 100)}" is invalid: ${parsed.errors.join('; ')}. Senders ignore it.`, data: { errors: parsed.errors } });
    return result('warn', `The TLS-RPT record of ${domain} is invalid.`, findings, records, data, { ...suggested(parsed.validRua), replaces: parsed.raw });
  }
  data.record = { raw: parsed.record.raw, valid: true, rua: parsed.record.rua };
  if (candidates.length > 1) {
    return result('warn', `${domain} has more than one TLS-RPT record.`, findings, records, data, { ...suggested(parsed.record.rua), summary: `Keep exactly one TLS-RPT record at ${name}:` });
  }
  findings.unshift({ code: 'tls-rpt.ok', severity: 'pass', detail: `TLS reports go to ${parsed.record.rua.join(', ')}.` });
  return result(statusFromFindings(findings), `TLS reports for ${domain} go to ${parsed.record.rua.join(', ')}.`, findings, records, data);
}

function result(status: CheckStatus, summary: string, findings: Finding[], records: RecordView[], data: TlsRptData, fix?: Fix): CheckResult<TlsRptData> {
  return { id: 'tls-rpt', status, title: TITLE, summary, findings, records, data, ...(fix ? { fix } : {}) };
}
