/**
 * Every non-pass gets a finding with its likely cause and fix. The decision (which code, which
 * severity) lives here; the words a user reads for each code live in lib/findings/message.ts.
 */
import type { Finding, Severity } from '../checks/types';
import type { AuthSide, AuthVerdict, DkimSide, Hop } from './types';
import type { VerifyOutput } from './verify';
import { formatDuration } from './received';

/** Could-not-test outcomes are "error", never "fail" (STYLE.md principle 2). */
function severityFor(v: AuthVerdict): Severity {
  if (v === 'pass') return 'pass';
  if (v === 'temperror') return 'error';
  if (v === 'fail' || v === 'permerror') return 'fail';
  return 'warn';
}

export function explainSpf(side: AuthSide): Finding[] {
  const s = side.spf;
  if (!s) return [{ code: 'message.spf-not-checked', severity: 'info', detail: 'No connecting IP was found in the Received headers, so mxray could not evaluate SPF.' }];
  if (s.result === 'pass' || s.result === 'policy') return [];
  const who = `${s.ip ?? 'the sending IP'}${s.sender ? ` (envelope sender ${s.sender})` : ''}`;
  const detail: Record<string, string> = {
    fail: `SPF fail for ${s.domain}: ${who} is not in the SPF record, which ends in -all.`,
    softfail: `SPF softfail for ${s.domain}: ${who} is not in the SPF record (~all).`,
    neutral: `SPF neutral for ${s.domain}: the record neither allows nor denies ${who}.`,
    none: `${s.domain} publishes no SPF record.`,
    permerror: `SPF permerror for ${s.domain}: ${s.detail ?? 'the record is broken'}.`,
    temperror: `SPF could not be checked for ${s.domain ?? 'the envelope domain'}: ${s.detail ?? 'DNS error'}.`,
  };
  return [{ code: `message.spf-${s.result}`, severity: s.result === 'none' || s.result === 'neutral' ? 'warn' : severityFor(s.result), detail: detail[s.result] ?? `SPF ${s.result}`, data: { ip: s.ip, domain: s.domain, source: s.source } }];
}

function dkimCode(d: DkimSide): string {
  const c = (d.detail ?? '').toLowerCase();
  if (d.bodyHash === 'mismatch') return 'message.dkim-body-hash';
  if (d.result === 'fail') return 'message.dkim-bad-signature';
  if (d.result === 'temperror') return 'message.dkim-temperror';
  if (d.result === 'policy') return 'message.dkim-weak-key';
  if (c.includes('no key')) return 'message.dkim-no-key';
  if (c.includes('expired') || c.includes('invalid expiration')) return 'message.dkim-expired';
  if (c.includes('key')) return 'message.dkim-bad-key';
  return 'message.dkim-other';
}

export function explainDkim(side: AuthSide, fromDomain: string | undefined, hasBody: boolean): Finding[] {
  const out: Finding[] = [];
  const sigs = side.dkim.filter((d) => d.domain);
  if (sigs.length === 0) {
    out.push({ code: 'message.dkim-none', severity: 'warn', detail: 'The message carries no DKIM-Signature header.' });
    return out;
  }
  for (const d of sigs) {
    if (d.result === 'pass') continue;
    const code = dkimCode(d);
    const name = `d=${d.domain} s=${d.selector ?? '?'}`;
    const text: Record<string, string> = {
      'message.dkim-body-hash': `DKIM ${name}: body hash did not verify — the body was changed after signing.`,
      'message.dkim-bad-signature': `DKIM ${name}: signature did not verify — a signed header was changed after signing, or DNS holds a different key.`,
      'message.dkim-no-key': `DKIM ${name}: no public key at ${d.selector}._domainkey.${d.domain}.`,
      'message.dkim-weak-key': `DKIM ${name}: the public key is shorter than 1024 bits.`,
      'message.dkim-expired': `DKIM ${name}: signature expired (x=) before the message was received.`,
      'message.dkim-temperror': `DKIM ${name}: ${d.detail ?? 'DNS error'}.`,
      'message.dkim-bad-key': `DKIM ${name}: ${d.detail ?? 'key record unusable'}.`,
      'message.dkim-other': `DKIM ${name}: ${d.result}${d.detail ? ` (${d.detail})` : ''}.`,
    };
    const severity: Severity = code === 'message.dkim-temperror' ? 'error' : d.result === 'fail' || code === 'message.dkim-no-key' || code === 'message.dkim-weak-key' ? 'fail' : 'warn';
    out.push({ code, severity, detail: text[code]!, data: { domain: d.domain, selector: d.selector, result: d.result } });
  }
  const passing = sigs.filter((d) => d.result === 'pass');
  if (passing.length > 0 && fromDomain && passing.every((d) => d.aligned === false)) {
    out.push({ code: 'message.dkim-unaligned', severity: 'warn', detail: `DKIM passes only for ${passing.map((d) => d.domain).join(', ')}, not for the From domain ${fromDomain}.` });
  }
  if (!hasBody) out.push({ code: 'message.no-body', severity: 'info', detail: 'The paste has no body: header signatures were verified, body hashes were not checked.' });
  return out;
}

export function explainDmarc(side: AuthSide, facts: VerifyOutput['dmarcFacts']): Finding[] {
  const d = side.dmarc;
  if (!d) return [];
  return [...dmarcVerdict(d, side, facts), ...dmarcReadings(d)];
}

/** RFC 9989 and RFC 7489 receivers disagree: one sentence with both, and both results as data. */
function dmarcReadings(d: NonNullable<AuthSide['dmarc']>): Finding[] {
  const old = d.rfc7489;
  const testingFail = d.testing === true && d.result === 'fail';
  if (!old || (old.result === d.result && (old.policy ?? null) === (d.policy ?? null) && !testingFail)) return [];
  const sentence = readingsSentence({ result: d.result, ...(d.policy ? { policy: d.policy } : {}), ...(d.recordName ? { recordName: d.recordName } : {}), ...(d.testing ? { applied: d.appliedPolicy ?? 'none' } : {}) }, old);
  return [{ code: 'message.dmarc-rfc7489-differs', severity: 'info', detail: `${sentence}.`, data: { rfc9989: { result: d.result, policy: d.policy ?? null }, rfc7489: { result: old.result, policy: old.policy ?? null } } }];
}

function dmarcVerdict(d: NonNullable<AuthSide['dmarc']>, side: AuthSide, facts: VerifyOutput['dmarcFacts']): Finding[] {
  if (d.result === 'pass') return [];
  if (d.result === 'none') return [{ code: 'message.dmarc-none', severity: 'warn', detail: `${d.fromDomain ?? 'The From domain'} publishes no DMARC record.` }];
  if (d.result === 'temperror') return [{ code: 'message.dmarc-temperror', severity: 'error', detail: d.detail ?? 'DNS error while looking up _dmarc.' }];
  if (d.result === 'permerror') return [{ code: 'message.dmarc-permerror', severity: 'fail', detail: d.detail ?? 'DMARC could not be evaluated.' }];
  const applied = d.testing ? d.appliedPolicy ?? 'none' : d.policy;
  const testing = d.testing ? ` (t=y: testing, so one step less than ${d.policy})` : '';
  const policy = d.policy ? ` Policy p=${d.policy}: receivers ${applied === 'reject' ? 'may reject it' : applied === 'quarantine' ? 'put it in spam' : 'only report it'}${testing}.` : '';
  if (side.spf?.result === 'pass' && facts && !facts.spfAligned) {
    return [{ code: 'message.dmarc-fail-unaligned-spf', severity: 'fail', detail: `DMARC fail: SPF passed for ${side.spf.domain}, which is not aligned with the From domain ${facts.fromDomain}, and no aligned DKIM signature passed.${policy}`, data: { alignment: d.alignment } }];
  }
  return [{ code: 'message.dmarc-fail', severity: 'fail', detail: `DMARC fail for ${d.fromDomain}: no aligned SPF or DKIM pass.${policy}`, data: { alignment: d.alignment } }];
}

export function explainArc(side: AuthSide): Finding[] {
  const a = side.arc;
  if (!a || a.result === 'pass' || a.result === 'none') return [];
  if (a.result === 'temperror') return [{ code: 'message.arc-temperror', severity: 'error', detail: a.detail ?? 'DNS error' }];
  return [{ code: 'message.arc-fail', severity: 'warn', detail: `ARC ${a.result}${a.detail ? `: ${a.detail}` : ''}.` }];
}

/** A queue wait longer than this at one relay is worth pointing out. */
const SLOW_HOP_SECONDS = 600;

export function explainHops(hops: Hop[], borderIndexChrono: number | undefined): Finding[] {
  const out: Finding[] = [];
  const skewed = hops.filter((h) => h.delaySeconds !== undefined && h.warnings?.some((w) => w.includes('clock')));
  for (const h of skewed.slice(0, 5)) out.push({ code: 'message.hop-clock-skew', severity: 'warn', detail: `Hop by ${h.by ?? '?'} is stamped ${formatDuration(-h.delaySeconds!)} earlier than the hop before it.` });
  const slow = hops.filter((h) => (h.delaySeconds ?? 0) > SLOW_HOP_SECONDS);
  for (const h of slow.slice(0, 5)) out.push({ code: 'message.hop-delay', severity: 'info', detail: `${formatDuration(h.delaySeconds!)} passed before ${h.by ?? 'a relay'} received the message${h.from ? ` from ${h.from}` : ''}.` });
  if (borderIndexChrono !== undefined) {
    const b = hops[borderIndexChrono];
    if (b && !b.tls && b.with && /^(E?SMTP|UTF8E?SMTP|LMTP)$/i.test(b.with)) {
      out.push({ code: 'message.border-no-tls', severity: 'info', detail: `${b.by ?? 'The receiver'} received the message from ${b.from ?? b.ip ?? 'the sender'} with ${b.with}, with no sign of TLS.` });
    }
  }
  return out;
}

/** One sentence for a verdict the RFC 7489 reading (mailauth 4.13) does not share. */
export function readingsSentence(ours: { result: string; policy?: string; recordName?: string; applied?: string }, old: { result: string; policy?: string }): string {
  const applied = ours.applied ? `, t=y: ${ours.applied} applied` : '';
  const o = `${ours.result}${ours.policy ? ` (policy ${ours.policy}${ours.recordName ? ` from ${ours.recordName}` : ''}${applied})` : ''}`;
  const r = `${old.result}${old.policy ? ` (policy ${old.policy})` : ''}`;
  return `RFC 9989 receivers (DNS tree walk) reach ${o}; RFC 7489 receivers (Public Suffix List, as mailauth 4.13 reads it) reach ${r}`;
}
