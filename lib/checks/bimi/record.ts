/**
 * The BIMI assertion record at `default._bimi.<domain>` (draft-brand-indicators-for-message-
 * identification §4.2): "v=BIMI1; l=<https URI of an SVG>; a=<https URI of a VMC/CMC PEM>".
 * An empty l= and a= is a declination ("this domain has no logo"). Pure parsing only.
 */
import { parseTagList, type Tag } from '../dkim/tag-list';

export interface BimiRecord {
  raw: string;
  location: string;
  authority: string;
  /** avp=brand|personal (avatar preference), if present. */
  avatarPreference?: string;
  declined: boolean;
}

export type BimiParse = { ok: true; record: BimiRecord; warnings: string[] } | { ok: false; raw: string; errors: string[] };

export function bimiCandidates(txt: string[][]): string[] {
  return txt.map((s) => s.join('')).filter((t) => /^\s*v\s*=\s*bimi1/i.test(t));
}

/** The tag=value list (DKIM's syntax, RFC 6376 §3.2), names lower-cased; the first malformed piece is an error. */
function tagList(text: string): Tag[] | { error: string } {
  const list = parseTagList(text, { caseInsensitiveNames: true, anyName: true });
  // Duplicates are reported by the callers, with their own wording.
  const bad = list.problems.find((p) => p.kind !== 'duplicate');
  return bad ? { error: `"${bad.text.slice(0, 40)}" is not a tag=value pair` } : list.tags;
}

export function parseBimiRecord(raw: string): BimiParse {
  const tags = tagList(raw);
  if ('error' in tags) return { ok: false, raw, errors: [tags.error] };
  const errors: string[] = [];
  const warnings: string[] = [];
  if (tags[0]?.name !== 'v' || tags[0].value.toUpperCase() !== 'BIMI1') errors.push('the record must start with "v=BIMI1"');
  const get = (n: string) => tags.filter((t) => t.name === n);
  for (const n of new Set(tags.map((t) => t.name))) if (get(n).length > 1) errors.push(`the tag "${n}=" appears more than once`);
  const location = get('l')[0]?.value;
  const authority = get('a')[0]?.value ?? '';
  const avp = get('avp')[0]?.value;
  if (location === undefined) errors.push('the "l=" tag (the logo URL) is missing; write "l=" with an empty value to decline');
  const l = location ?? '';
  if (l !== '') {
    if (l.includes(',')) errors.push('"l=" must hold a single https URL');
    else if (!isHttpsUrl(l)) errors.push(`the logo location "${l.slice(0, 80)}" must be an https:// URL`);
    else if (!/\.svg$/i.test(new URL(l).pathname)) warnings.push(`the logo "${l.slice(0, 80)}" does not end in .svg; BIMI logos must be SVG Tiny Portable/Secure`);
  }
  if (authority !== '' && !isHttpsUrl(authority)) errors.push(`the authority evidence "${authority.slice(0, 80)}" must be an https:// URL of the VMC/CMC (.pem)`);
  if (avp !== undefined && avp !== 'brand' && avp !== 'personal') warnings.push(`avp= should be "brand" or "personal", not "${avp.slice(0, 20)}"`);
  if (errors.length > 0) return { ok: false, raw, errors };
  return { ok: true, record: { raw, location: l, authority, ...(avp ? { avatarPreference: avp } : {}), declined: l === '' && authority === '' }, warnings };
}

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname.includes('.');
  } catch {
    return false;
  }
}

/** The DMARC facts BIMI depends on; the DMARC check owns full validation. */
export interface DmarcPolicyView {
  raw: string;
  p?: string;
  sp?: string;
  pct: number;
}

export function parseDmarcPolicy(raw: string): DmarcPolicyView | undefined {
  const tags = tagList(raw);
  if ('error' in tags || tags[0]?.name !== 'v' || tags[0].value.toUpperCase() !== 'DMARC1') return undefined;
  const get = (n: string) => tags.find((t) => t.name === n)?.value.toLowerCase();
  const pct = get('pct');
  return { raw, ...(get('p') ? { p: get('p') } : {}), ...(get('sp') ? { sp: get('sp') } : {}), pct: pct !== undefined && /^\d+$/.test(pct) ? Number(pct) : 100 };
}

/**
 * BIMI requires DMARC at enforcement: p=quarantine or reject, and pct=100 (draft §4.1 / §7.4).
 * Returns the same record with p raised to quarantine (when p=none) and pct removed.
 */
export function enforcingDmarcRecord(raw: string): string {
  const tags = tagList(raw);
  if ('error' in tags) return 'v=DMARC1; p=quarantine';
  const kept = tags.filter((t) => t.name !== 'pct').map((t) => (t.name === 'p' && t.value.toLowerCase() === 'none' ? { ...t, value: 'quarantine' } : t.name === 'sp' && t.value.toLowerCase() === 'none' ? { ...t, value: 'quarantine' } : t));
  if (!kept.some((t) => t.name === 'p')) kept.splice(1, 0, { name: 'p', value: 'quarantine' });
  return kept.map((t) => `${t.name}=${t.value}`).join('; ');
}
