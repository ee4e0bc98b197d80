import type { Finding, Severity } from '../types';
import { isUnknown, type ExternalDestination } from './external';
import type { DmarcErrorCode, DmarcParse, Policy } from './parse';

/** Judge a parsed DMARC record and its report destinations. Pure: data in, findings out. */

const SEVERITY: Record<DmarcErrorCode, Severity> = {
  'dmarc.policy-missing': 'fail',
  'dmarc.policy-invalid': 'fail',
  'dmarc.subdomain-policy-invalid': 'fail',
  'dmarc.tag-invalid': 'warn',
  'dmarc.unknown-tag': 'warn',
  'dmarc.syntax': 'warn',
  'dmarc.duplicate-tag': 'warn',
  'dmarc.uri-invalid': 'warn',
  'dmarc.uri-not-mailto': 'warn',
};

export interface RecordContext {
  /** The domain asked about. */
  domain: string;
  /** The domain whose _dmarc record applies. */
  policyDomain: string;
  source: 'domain' | 'organizational';
}

/** The policy a receiver applies to mail from `domain` (RFC 7489 §6.6.3 step 6, §6.3 sp=). */
export function effectivePolicy(parse: DmarcParse, source: 'domain' | 'organizational'): Policy | null {
  const r = parse.record;
  const validRua = r.rua.some((u) => !u.problem);
  // §6.6.3 step 6: an invalid/missing p (or invalid sp) with a usable rua is treated as p=none.
  const p = r.p ?? (validRua ? 'none' : null);
  if (source === 'organizational') {
    if (parse.tags.sp !== undefined && !r.sp) return validRua ? 'none' : null;
    return r.sp ?? p;
  }
  return p;
}

export function evaluateRecord(parse: DmarcParse, c: RecordContext): Finding[] {
  const findings: Finding[] = [];
  const add = (code: string, severity: Severity, detail: string, data?: Record<string, unknown>) => findings.push({ code, severity, detail, ...(data ? { data } : {}) });
  const r = parse.record;
  const validRua = r.rua.some((u) => !u.problem);
  const at = `_dmarc.${c.policyDomain}`;

  for (const e of parse.errors) {
    let detail = e.detail;
    if (e.code === 'dmarc.policy-missing' || e.code === 'dmarc.policy-invalid' || e.code === 'dmarc.subdomain-policy-invalid') {
      detail += validRua
        ? '; receivers treat the record as p=none because rua= is usable (RFC 7489 §6.6.3)'
        : '; with no usable rua= either, receivers apply no DMARC policy at all (RFC 7489 §6.6.3)';
    }
    add(e.code, SEVERITY[e.code], detail, e.tag ? { tag: e.tag } : undefined);
  }

  const policy = effectivePolicy(parse, c.source);
  if (c.source === 'organizational') {
    add('dmarc.inherited', 'info', `${c.domain} has no DMARC record of its own; the organizational domain's record at ${at} applies, with ${r.sp ? `sp=${r.sp}` : `p=${r.p ?? '?'} (no sp=)`}`, { orgDomain: c.policyDomain });
  }
  if (policy === 'none') {
    add('dmarc.policy-none', 'warn', `${c.source === 'organizational' && r.sp ? `sp=none` : 'p=none'}: receivers take no action on mail that fails DMARC, so anyone can still send as ${c.domain}`);
  } else if (policy) {
    add('dmarc.enforced', 'pass', `policy ${policy}: receivers ${policy === 'reject' ? 'reject' : 'send to spam'} mail from ${c.domain} that fails DMARC`, { policy });
  }
  if (c.source === 'domain' && r.sp === 'none' && r.p && r.p !== 'none') {
    add('dmarc.subdomain-none', 'info', `sp=none: subdomains without their own record are not protected, although ${c.domain} has p=${r.p}`);
  }
  if (policy && policy !== 'none' && r.pct < 100) {
    add('dmarc.pct-partial', 'warn', `pct=${r.pct}: the policy applies to only ${r.pct}% of failing mail; the rest is treated one step weaker`, { pct: r.pct });
  }
  if (r.t === 'y') add('dmarc.testing', 'warn', 't=y: the policy is in test mode, so receivers apply one step weaker (reject → quarantine, quarantine → none)');
  if (!validRua) add('dmarc.no-rua', 'warn', r.rua.length ? 'no usable rua= address: you receive no aggregate reports' : 'no rua= tag: you receive no aggregate reports, so you cannot see who sends mail as your domain');
  if (parse.tags.fo !== undefined && !r.ruf.some((u) => !u.problem)) add('dmarc.fo-without-ruf', 'info', `fo=${parse.tags.fo} only affects failure reports, and there is no usable ruf= address`);
  return findings;
}

export function evaluateDestinations(dests: ExternalDestination[], policyDomain: string): Finding[] {
  const byDomain = new Map<string, ExternalDestination[]>();
  for (const d of dests) byDomain.set(d.domain, [...(byDomain.get(d.domain) ?? []), d]);
  return [...byDomain.entries()].map(([domain, ds]) => {
    const d = ds[0]!;
    const uris = ds.map((x) => `${x.tag}=${x.uri}`).join(', ');
    const data = { domain, name: d.name, uris: ds.map((x) => x.uri) };
    if (d.authorised) return { code: 'dmarc.external-authorised', severity: 'pass' as Severity, detail: `${domain} accepts reports for ${policyDomain} (${d.name} has v=DMARC1)`, data };
    if (isUnknown(d)) return { code: 'dmarc.external-lookup-error', severity: 'error' as Severity, detail: `could not check whether ${domain} accepts reports for ${policyDomain}: ${d.name} gave ${d.outcome}`, data };
    return {
      code: 'dmarc.external-unauthorised',
      severity: 'warn' as Severity,
      detail: `${uris} is outside ${policyDomain}, and ${d.name} has no v=DMARC1 record (${d.outcome}): receivers will not send these reports (RFC 7489 §7.1)`,
      data,
    };
  });
}
