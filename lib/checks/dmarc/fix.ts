import type { DmarcParse, Policy } from './parse';

/** The exact DMARC records to publish. Pure string building. */

export function reportAddress(domain: string): string {
  return `mailto:dmarc-reports@${domain}`;
}

/** A first record: monitor only, with aggregate reports to a mailbox at the domain. */
export function starterRecord(domain: string): string {
  return `v=DMARC1; p=none; rua=${reportAddress(domain)}`;
}

/**
 * The user's record rebuilt from its valid parts: v=DMARC1 first, a valid p= (raised when asked),
 * report URIs kept when usable and not in `drop` (one added when none is), invalid and unknown tags dropped,
 * t=y (testing) dropped, defaults left out.
 */
export function rebuildRecord(parse: DmarcParse, policyDomain: string, opts: { raiseTo?: Policy; drop?: ReadonlySet<string> } = {}): string {
  const keep = (u: { uri: string; problem?: unknown }) => !u.problem && !opts.drop?.has(u.uri);
  const r = parse.record;
  const parts = ['v=DMARC1', `p=${opts.raiseTo ?? r.p ?? intendedPolicy(parse.tags.p) ?? 'none'}`];
  if (r.sp) parts.push(`sp=${r.sp}`);
  if (r.np) parts.push(`np=${r.np}`);
  if (r.adkim === 's') parts.push('adkim=s');
  if (r.aspf === 's') parts.push('aspf=s');
  if (r.pct < 100 && parse.tags.pct !== undefined) parts.push(`pct=${r.pct}`);
  const rua = r.rua.filter(keep).map((u) => u.uri);
  parts.push(`rua=${rua.length ? rua.join(',') : reportAddress(policyDomain)}`);
  const ruf = r.ruf.filter(keep).map((u) => u.uri);
  if (ruf.length) {
    parts.push(`ruf=${ruf.join(',')}`);
    if (parse.tags.fo !== undefined && r.fo.join(':') !== '0') parts.push(`fo=${r.fo.join(':')}`);
  }
  if (parse.tags.ri !== undefined && r.ri !== 86400) parts.push(`ri=${r.ri}`);
  if (r.psd) parts.push(`psd=${r.psd}`);
  return parts.join('; ');
}

/** A misspelt p= ("rejectt", "Quarantine ") read as the policy the writer meant, when it is clear. */
function intendedPolicy(raw: string | undefined): Policy | undefined {
  const v = raw?.trim().toLowerCase() ?? '';
  if (v.length < 3) return undefined;
  return (['reject', 'quarantine', 'none'] as const).find((p) => p.startsWith(v.slice(0, 3)));
}
