/**
 * Turns a domain check and/or a test message into one answer per requirement. Each source says
 * pass, fail or unknown on its own; combined, any failure fails (the message was sent, or the DNS
 * is wrong, either way the provider sees it), otherwise any pass passes, otherwise unknown.
 * Missing evidence is "unknown", never pass.
 */
import type { CheckResult } from '../checks/types';
import { all, parseHeaderSection } from '../message/headers';
import type { AuthVerdict, MessageAnalysis } from '../message/types';
import type { DomainReport } from '../report/types';
import type { Evidence, EvidenceMap, EvidenceSource, RequirementId, RowStatus } from './types';

type Partial_ = Partial<Record<RequirementId, { status: RowStatus; detail: string }>>;

const REQUIREMENTS: RequirementId[] = ['auth-any', 'spf', 'dkim', 'dmarc-record', 'dmarc-aligned', 'ptr', 'tls', 'format', 'one-click', 'arc', 'spam-rate'];

/** What the domain check (DNS, the server IP) says about each requirement it can judge. */
/** What the domain checks say; a checklist's subset of checks is enough (missing checks stay unknown). */
export function domainEvidence(report: Pick<DomainReport, 'ip' | 'checks'>): Partial_ {
  const check = (id: string) => report.checks.find((c) => c.id === id);
  const has = (c: CheckResult | undefined, code: string) => !!c?.findings.some((f) => f.code === code);
  const out: Partial_ = {};

  const spf = check('spf');
  if (spf) {
    const notAuthorised = spf.findings.find((f) => f.code === 'spf.ip-not-authorised' && f.severity === 'fail');
    if (spf.status === 'fail') out.spf = { status: 'fail', detail: notAuthorised?.detail ?? firstBad(spf) };
    else if (spf.status === 'error') out.spf = { status: 'unknown', detail: `SPF could not be checked: ${firstBad(spf)}` };
    else if (has(spf, 'spf.ip-authorised')) out.spf = { status: 'pass', detail: spf.findings.find((f) => f.code === 'spf.ip-authorised')!.detail };
    else if (!report.ip) out.spf = { status: 'unknown', detail: 'The SPF record is valid; give the server IP (or send a test message) to see whether it passes for your server.' };
    else out.spf = { status: 'fail', detail: spf.findings.find((f) => f.code === 'spf.ip-not-authorised')?.detail ?? `SPF does not pass for ${report.ip}.` };
  }

  const dkim = check('dkim');
  if (dkim) {
    if (dkim.status === 'error') out.dkim = { status: 'unknown', detail: `DKIM keys could not be looked up: ${firstBad(dkim)}` };
    else if (has(dkim, 'dkim.none-found')) out.dkim = { status: 'unknown', detail: 'No DKIM key under the common selectors; name your selector (or send a test message) to decide.' };
    else if (dkim.status === 'fail') out.dkim = { status: 'fail', detail: firstBad(dkim) };
    else if (has(dkim, 'dkim.key-ok')) out.dkim = { status: 'pass', detail: 'A valid DKIM key is published; a test message shows whether mail is signed with it.' };
  }

  const dmarc = check('dmarc');
  if (dmarc) {
    if (dmarc.status === 'error') out['dmarc-record'] = { status: 'unknown', detail: `DMARC could not be looked up: ${firstBad(dmarc)}` };
    else if (dmarc.status === 'fail') out['dmarc-record'] = { status: 'fail', detail: firstBad(dmarc) };
    else out['dmarc-record'] = { status: 'pass', detail: dmarc.summary };
  }

  const fcrdns = check('fcrdns');
  if (fcrdns) {
    if (fcrdns.status === 'error') out.ptr = { status: 'unknown', detail: `Reverse DNS could not be checked: ${firstBad(fcrdns)}` };
    else if (fcrdns.status === 'fail') out.ptr = { status: 'fail', detail: firstBad(fcrdns) };
    else out.ptr = { status: 'pass', detail: fcrdns.summary };
  } else if (!report.ip) {
    out.ptr = { status: 'unknown', detail: 'Give the server IP to check its reverse DNS.' };
  }
  return out;
}

const passes = (r: AuthVerdict | undefined) => r === 'pass';
const fails = (r: AuthVerdict | undefined) => r === 'fail' || r === 'softfail' || r === 'permerror' || r === 'none' || r === 'neutral';

/**
 * What a message (pasted or received at the test address) says. `headers` is the stored header
 * section, for what the analysis does not keep (how many From fields there are).
 */
export function messageEvidence(a: MessageAnalysis, headers?: string): Partial_ {
  const out: Partial_ = {};
  if (a.input?.error) return out;
  const v = a.verified;
  const spf = v.spf?.result;
  if (passes(spf)) out.spf = { status: 'pass', detail: `SPF ${spf} for ${v.spf?.domain ?? 'the envelope domain'}${v.spf?.ip ? ` from ${v.spf.ip}` : ''}.` };
  else if (fails(spf)) out.spf = { status: 'fail', detail: `SPF ${spf}${v.spf?.domain ? ` for ${v.spf.domain}` : ''}${v.spf?.ip ? ` from ${v.spf.ip}` : ''}.` };

  const dkimPass = v.dkim.find((d) => d.result === 'pass');
  const dkimBad = v.dkim.find((d) => fails(d.result));
  if (dkimPass) out.dkim = { status: 'pass', detail: `DKIM signature d=${dkimPass.domain ?? '?'} verifies.` };
  else if (dkimBad) out.dkim = { status: 'fail', detail: dkimBad.result === 'none' ? 'The message carries no DKIM signature.' : `DKIM ${dkimBad.result}${dkimBad.domain ? ` for d=${dkimBad.domain}` : ''}.` };
  else if (a.findings.some((f) => f.code === 'message.dkim-none')) out.dkim = { status: 'fail', detail: 'The message carries no DKIM signature.' };

  if (out.spf || out.dkim) {
    const any = out.spf?.status === 'pass' || out.dkim?.status === 'pass';
    out['auth-any'] = any ? { status: 'pass', detail: 'The message passes SPF or DKIM.' } : { status: 'fail', detail: 'Neither SPF nor DKIM passes for the message.' };
  }

  const dmarc = v.dmarc?.result;
  if (dmarc === 'pass') out['dmarc-aligned'] = { status: 'pass', detail: v.dmarc?.alignment ?? 'DMARC passes: the From domain aligns with SPF or DKIM.' };
  else if (dmarc === 'fail') out['dmarc-aligned'] = { status: 'fail', detail: v.dmarc?.alignment ?? 'DMARC fails: neither SPF nor DKIM aligns with the From domain.' };
  // No DMARC verdict (no record): alignment is still visible from an aligned, passing DKIM signature.
  else if (v.dkim.some((d) => d.result === 'pass' && d.aligned)) out['dmarc-aligned'] = { status: 'pass', detail: 'A passing DKIM signature aligns with the From domain.' };
  if (dmarc === 'none') out['dmarc-record'] = { status: 'fail', detail: `No DMARC record for ${v.dmarc?.fromDomain ?? 'the From domain'}.` };
  else if (dmarc === 'pass' || dmarc === 'fail') out['dmarc-record'] = { status: 'pass', detail: `DMARC record found${v.dmarc?.policy ? ` (p=${v.dmarc.policy})` : ''}.` };

  // The hop where mail entered the receiver; without one marked, the newest hop (the final delivery).
  const border = a.hops.find((h) => h.boundary) ?? a.hops[a.hops.length - 1];
  if (border?.tls) out.tls = { status: 'pass', detail: `Received by ${border.by ?? 'the receiver'} over ${border.tls}.` };
  else if (border?.with && /^(E?SMTP|UTF8E?SMTP)$/i.test(border.with)) out.tls = { status: 'fail', detail: `${border.by ?? 'The receiver'} received the message from ${border.from ?? border.ip ?? 'the sender'} with ${border.with}, with no sign of TLS.` };

  const fromCount = headers !== undefined ? all(parseHeaderSection(Buffer.from(headers, 'utf8')).fields, 'from').length : a.from ? 1 : 0;
  const formatProblems = [
    !a.messageId && 'no Message-ID',
    a.messageId && !/^\s*<[^<>@\s]+@[^<>@\s]+>\s*$/.test(a.messageId) && `Message-ID "${a.messageId.slice(0, 60)}" is not <id@domain>`,
    !a.date && 'no Date',
    a.date && !Number.isFinite(Date.parse(a.date.replace(/\s*\([^)]*\)\s*$/, ''))) && `Date "${a.date.slice(0, 60)}" does not parse`,
    fromCount === 0 && 'no From',
    fromCount > 1 && `${fromCount} From fields`,
  ].filter((x): x is string => typeof x === 'string');
  out.format = formatProblems.length ? { status: 'fail', detail: `Not RFC 5322: ${formatProblems.join(', ')}.` } : { status: 'pass', detail: 'Message-ID, Date and one From are present.' };

  if (a.bulkSender) {
    out['one-click'] = a.bulkSender.oneClick
      ? { status: 'pass', detail: 'List-Unsubscribe with an https URL and List-Unsubscribe-Post: List-Unsubscribe=One-Click.' }
      : { status: 'fail', detail: a.bulkSender.listUnsubscribe ? 'List-Unsubscribe is there but one-click (RFC 8058) is not offered.' : 'No List-Unsubscribe header.' };
  }

  const arc = v.arc?.result;
  if (arc === 'pass') out.arc = { status: 'pass', detail: `ARC chain verifies${v.arc?.instances ? ` (${v.arc.instances} instance(s))` : ''}.` };
  else if (arc === 'fail') out.arc = { status: 'fail', detail: v.arc?.detail ?? 'The ARC chain does not verify.' };
  return out;
}

/** Any failure fails; else any pass passes; else unknown, with what would decide it. */
export function combineEvidence(domain: Partial_ | undefined, message: Partial_ | undefined): EvidenceMap {
  const map = {} as EvidenceMap;
  for (const id of REQUIREMENTS) {
    const parts: [EvidenceSource, { status: RowStatus; detail: string }][] = [];
    if (domain?.[id]) parts.push(['domain', domain[id]!]);
    if (message?.[id]) parts.push(['message', message[id]!]);
    map[id] = pick(id, parts, !!message);
  }
  // Without a message, "SPF or DKIM" follows from the two rows the domain check decided.
  if (!message && map['auth-any'].from.length === 0) {
    const s = map.spf.status === 'pass' || map.dkim.status === 'pass' ? 'pass' : map.spf.status === 'fail' && map.dkim.status === 'fail' ? 'fail' : 'unknown';
    if (s !== 'unknown') map['auth-any'] = { status: s, from: ['domain'], detail: s === 'pass' ? 'SPF or DKIM is set up to pass.' : 'Neither SPF nor DKIM can pass.' };
  }
  return map;
}

function pick(id: RequirementId, parts: [EvidenceSource, { status: RowStatus; detail: string }][], haveMessage: boolean): Evidence {
  const failed = parts.filter(([, e]) => e.status === 'fail');
  const passed = parts.filter(([, e]) => e.status === 'pass');
  const chosen = failed.length ? failed : passed.length ? passed : parts;
  if (chosen.length) {
    const status: RowStatus = failed.length ? 'fail' : passed.length ? 'pass' : 'unknown';
    return { status, from: chosen.map(([s]) => s), detail: chosen.map(([, e]) => e.detail).join(' ') };
  }
  return { status: 'unknown', from: [], detail: NEEDS[id] ?? (haveMessage ? 'The message does not show this.' : 'Send a test message to decide this.') };
}

const NEEDS: Partial<Record<RequirementId, string>> = {
  ptr: 'A message does not prove the reverse DNS of its IP: check the domain with your server IP.',
  'spam-rate': 'Only the provider knows your spam rate: watch it in Google Postmaster Tools or Yahoo Sender Hub.',
  arc: 'Only matters if you forward mail or run mailing lists; a forwarded test message shows it.',
};

function firstBad(c: CheckResult): string {
  return c.findings.find((f) => f.severity === 'fail' || f.severity === 'error')?.detail ?? c.summary;
}
