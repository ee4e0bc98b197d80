import type { Finding, Severity } from '../types';
import { isUnknown, type ExternalDestination } from './external';
import type { DmarcErrorCode, DmarcParse, Policy } from './parse';

/** Judge a parsed DMARC record and its report destinations. Pure: data in, findings out. */

const SEVERITY: Record<DmarcErrorCode, Severity> = {
  // RFC 9989 §4.7 reads a missing p= as p=none, and ignores unknown tags: notes, not faults.
  'dmarc.policy-missing': 'info',
  'dmarc.policy-invalid': 'fail',
  'dmarc.subdomain-policy-invalid': 'fail',
  'dmarc.tag-invalid': 'warn',
  'dmarc.unknown-tag': 'info',
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
  /** The domain's own record, its Organizational Domain's, or a Public Suffix Domain's (RFC 9989 §4.10.1). */
  source: PolicySource;
  /** false when the domain does not exist (NXDOMAIN): np= applies instead of sp= (RFC 9989 §4.7). */
  exists?: boolean;
}

export type PolicySource = 'domain' | 'organizational' | 'psd';
export type Reading = 'rfc9989' | 'rfc7489';

/**
 * The policy a receiver applies to mail from the domain, before t=y. RFC 9989 §4.10.1: the own
 * record's p=; a parent's sp= for an existing subdomain, np= (then sp=) for a non-existent one;
 * an invalid p, sp or np with a usable rua= acts as p=none, without one no DMARC applies. A missing
 * p= reads as p=none (§4.7). The RFC 7489 reading (§6.6.3 step 6) knows no np= and treats a
 * missing p= like an invalid one.
 */
export function effectivePolicy(parse: DmarcParse, source: PolicySource, opts: { exists?: boolean; reading?: Reading } = {}): Policy | null {
  const r = parse.record;
  const t = parse.tags;
  const bis = (opts.reading ?? 'rfc9989') === 'rfc9989';
  const fallback: Policy | null = r.rua.some((u) => !u.problem) ? 'none' : null;
  const invalid = (tag: 'p' | 'sp' | 'np') => t[tag] !== undefined && !r[tag];
  if (invalid('p') || invalid('sp') || (bis && invalid('np'))) return fallback;
  const p = r.p ?? (bis ? 'none' : fallback);
  if (source === 'domain' || p === null) return p;
  if (bis && opts.exists === false) return r.np ?? r.sp ?? p;
  return r.sp ?? p;
}

/** RFC 9989 §4.7 t=y: receivers apply one step less than the published policy. */
export function testingPolicy(policy: Policy | null, t: 'y' | 'n' | undefined): Policy | null {
  if (t !== 'y' || !policy) return policy;
  return policy === 'reject' ? 'quarantine' : 'none';
}

export function evaluateRecord(parse: DmarcParse, c: RecordContext): Finding[] {
  const findings: Finding[] = [];
  const add = (code: string, severity: Severity, detail: string, data?: Record<string, unknown>) => findings.push({ code, severity, detail, ...(data ? { data } : {}) });
  const r = parse.record;
  const validRua = r.rua.some((u) => !u.problem);
  const at = `_dmarc.${c.policyDomain}`;
  const policy = effectivePolicy(parse, c.source, { exists: c.exists });
  const old = effectivePolicy(parse, c.source, { reading: 'rfc7489' });

  for (const e of parse.errors) {
    let detail = e.detail;
    let data: Record<string, unknown> | undefined = e.tag ? { tag: e.tag } : undefined;
    if (e.code === 'dmarc.policy-missing') {
      const rfc7489 = old ? 'p=none, because rua= is usable' : 'no DMARC at all, as there is no usable rua= either';
      detail += `; RFC 7489 receivers then apply ${rfc7489} (RFC 7489 §6.6.3)`;
      data = { tag: 'p', rfc9989: 'none', rfc7489: old };
    } else if (e.code === 'dmarc.policy-invalid' || e.code === 'dmarc.subdomain-policy-invalid' || (e.code === 'dmarc.tag-invalid' && e.tag === 'np')) {
      detail += validRua
        ? '; receivers treat the record as p=none because rua= is usable (RFC 9989 §4.10.1)'
        : '; with no usable rua= either, receivers apply no DMARC policy at all (RFC 9989 §4.10.1)';
    }
    add(e.code, SEVERITY[e.code], detail, data);
  }
  for (const n of parse.notes) add(n.code, 'info', n.detail, { tag: n.tag });

  const tag = c.source === 'domain' ? 'p' : c.exists === false && r.np ? 'np' : r.sp ? 'sp' : 'p';
  if (c.source !== 'domain') {
    const whose = c.source === 'psd' ? `the public suffix domain's record at ${at} (psd=y)` : `the organizational domain's record at ${at}`;
    const sub = c.exists === false ? `${c.domain} does not exist (NXDOMAIN), so ${r.np ? 'np=' : r.sp ? 'sp= (no np=)' : 'p= (no np= or sp=)'} applies` : `with ${r.sp ? `sp=${r.sp}` : `p=${r.p ?? 'none'} (no sp=)`}`;
    add('dmarc.inherited', 'info', `${c.domain} has no DMARC record of its own; ${whose} applies, ${sub}`, { orgDomain: c.policyDomain, source: c.source, tag });
  }
  if (policy === 'none') {
    add('dmarc.policy-none', 'warn', `${tag}=none: receivers take no action on mail that fails DMARC, so anyone can still send as ${c.domain}`);
  } else if (policy) {
    add('dmarc.enforced', 'pass', `policy ${policy}: receivers ${policy === 'reject' ? 'reject' : 'send to spam'} mail from ${c.domain} that fails DMARC`, { policy });
  }
  if (c.source === 'domain' && r.sp === 'none' && r.p && r.p !== 'none') {
    add('dmarc.subdomain-none', 'info', `sp=none: subdomains without their own record are not protected, although ${c.domain} has p=${r.p}`);
  }
  if (c.source === 'domain' && r.psd === 'y') {
    add('dmarc.psd', 'info', `psd=y: this record declares ${c.policyDomain} a public suffix domain; its names below are separate organizations that fall back to this policy only when they publish none (RFC 9989 §4.10.2)`);
  }
  if (policy && policy !== 'none' && r.pct < 100 && parse.tags.pct !== undefined) {
    // Receivers will differ for years: say what each kind does.
    const rfc7489 = `${r.pct}% of failing mail gets ${policy}, the rest ${policy === 'reject' ? 'quarantine' : 'none'}`;
    add('dmarc.pct-partial', 'info', `pct=${r.pct}: RFC 9989 receivers ignore pct and apply ${policy} to all failing mail; RFC 7489 receivers sample it: ${rfc7489}`, { pct: r.pct, rfc9989: policy, rfc7489 });
  }
  if (r.t === 'y') {
    const applied = testingPolicy(policy, 'y');
    add('dmarc.testing', 'warn', `t=y: RFC 9989 receivers apply one step less than ${policy ?? 'the policy'} (${applied ?? 'no policy'}) while you test; RFC 7489 receivers do not know t= and apply ${old ?? 'no policy'}`, { rfc9989: applied, rfc7489: old });
  }
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
      detail: `${uris} is outside ${policyDomain}, and ${d.name} has no v=DMARC1 record (${d.outcome}): receivers will not send these reports (RFC 9990 §4, RFC 7489 §7.1)`,
      data,
    };
  });
}
