import { parseTagList, tagMap } from '../dkim/tag-list';
import { parseReportUris, type ReportUri } from './report-uri';

/**
 * Parse one DMARC record (RFC 9989 §4.7; RFC 7489 §6.3 for the tags RFC 9989 removed). Pure: text
 * in, typed record, errors and notes out; evaluate.ts decides what matters. DMARC borrows DKIM's tag=value syntax
 * (RFC 7489 §6.4), but its tag names and keyword values are ABNF literals, so case-insensitive,
 * while the "DMARC1" version value is case-sensitive (%x44 %x4d ...).
 */

export type Policy = 'none' | 'quarantine' | 'reject';

export interface DmarcRecord {
  p?: Policy;
  sp?: Policy;
  /** DMARCbis: policy for non-existent subdomains. */
  np?: Policy;
  /** Percentage (RFC 7489 only; RFC 9989 removed it, §A.6). Default 100. */
  pct: number;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  rua: ReportUri[];
  ruf: ReportUri[];
  fo: string[];
  ri: number;
  rf: string[];
  psd?: 'y' | 'n' | 'u';
  t?: 'y' | 'n';
}

export type DmarcErrorCode =
  | 'dmarc.policy-missing'
  | 'dmarc.policy-invalid'
  | 'dmarc.subdomain-policy-invalid'
  | 'dmarc.tag-invalid'
  | 'dmarc.unknown-tag'
  | 'dmarc.syntax'
  | 'dmarc.duplicate-tag'
  | 'dmarc.uri-invalid'
  | 'dmarc.uri-not-mailto';

export interface DmarcError {
  code: DmarcErrorCode;
  tag?: string;
  detail: string;
}

/** Something harmless worth saying: a tag or suffix RFC 9989 removed (older receivers still read it). */
export interface DmarcNote {
  code: 'dmarc.removed-tag';
  tag: string;
  detail: string;
}

export interface DmarcParse {
  text: string;
  tags: Record<string, string>;
  record: DmarcRecord;
  errors: DmarcError[];
  notes: DmarcNote[];
}

/** RFC 7489 §6.6.3 step 3: only TXT records starting with v=DMARC1 are DMARC records. */
export function isDmarcRecord(text: string): boolean {
  return /^\s*[vV]\s*=\s*DMARC1\s*(;|$)/.test(text);
}

/** A TXT that was meant to be DMARC but is discarded (wrong version, v= not first). */
export function looksLikeBrokenDmarc(text: string): boolean {
  return !isDmarcRecord(text) && (/^\s*v\s*=\s*dmarc/i.test(text) || /(^|;)\s*v\s*=\s*DMARC1/i.test(text) || /^\s*v\s*=\s*[^;]*;\s*p\s*=/i.test(text));
}

const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];
const KNOWN = new Set(['v', 'p', 'sp', 'np', 'pct', 'adkim', 'aspf', 'rua', 'ruf', 'fo', 'ri', 'rf', 'psd', 't']);
const FO = new Set(['0', '1', 'd', 's']);

export function parseDmarcRecord(text: string): DmarcParse {
  const list = parseTagList(text, { caseInsensitiveNames: true });
  const tags = tagMap(list);
  const errors: DmarcError[] = [];
  const notes: DmarcNote[] = [];
  const bad = (tag: string, detail: string) => errors.push({ code: 'dmarc.tag-invalid', tag, detail });
  const removed = (tag: string, detail: string) => notes.push({ code: 'dmarc.removed-tag', tag, detail });

  for (const p of list.problems) {
    if (p.kind === 'duplicate') errors.push({ code: 'dmarc.duplicate-tag', detail: `"${p.text.slice(0, 60)}" repeats a tag; receivers may use either value` });
    else errors.push({ code: 'dmarc.syntax', detail: `"${p.text.slice(0, 60)}" ${p.kind === 'no-equals' ? 'has no "=" (tags are name=value, separated by ";")' : 'is not a valid tag'}` });
  }

  const record: DmarcRecord = { pct: 100, adkim: 'r', aspf: 'r', rua: [], ruf: [], fo: ['0'], ri: 86400, rf: ['afrf'] };

  const policy = (tag: 'p' | 'sp' | 'np'): Policy | undefined => {
    const v = tags[tag];
    if (v === undefined) return undefined;
    const lv = v.toLowerCase();
    if (POLICIES.includes(lv)) return lv as Policy;
    // OpenDMARC accepts prefixes such as p=n; the RFC 7489 ABNF does not, and neither do we.
    const code = tag === 'p' ? 'dmarc.policy-invalid' : tag === 'sp' ? 'dmarc.subdomain-policy-invalid' : 'dmarc.tag-invalid';
    errors.push({ code, tag, detail: `${tag}=${v} is not one of none, quarantine, reject` });
    return undefined;
  };
  const p = policy('p');
  if (p) record.p = p;
  else if (tags.p === undefined) errors.push({ code: 'dmarc.policy-missing', tag: 'p', detail: 'the record has no p= tag: RFC 9989 §4.7 reads it as p=none, while RFC 7489 §6.3 requires p=' });
  const sp = policy('sp');
  if (sp) record.sp = sp;
  const np = policy('np');
  if (np) record.np = np;

  // RFC 9989 removed pct, rf and ri (§A.6, §C.6): its receivers ignore them, RFC 7489 ones still
  // read them, so they are noted (with the value an older receiver would use), never errors.
  if (tags.pct !== undefined) {
    const n = /^\d{1,3}$/.test(tags.pct) ? Number(tags.pct) : NaN;
    if (n >= 0 && n <= 100) record.pct = n;
    removed('pct', `pct=${tags.pct}: RFC 9989 removed pct, so its receivers apply the policy to all failing mail${n >= 0 && n <= 100 ? (n < 100 ? `; RFC 7489 receivers still apply it to ${n}% only` : '') : '; the value is not 0-100 either, so RFC 7489 receivers use 100'}`);
  }
  for (const tag of ['adkim', 'aspf'] as const) {
    const v = tags[tag];
    if (v === undefined) continue;
    if (/^[rs]$/i.test(v)) record[tag] = v.toLowerCase() as 'r' | 's';
    else bad(tag, `${tag}=${v} must be r (relaxed) or s (strict); receivers use r`);
  }
  for (const tag of ['rua', 'ruf'] as const) {
    const v = tags[tag];
    if (v === undefined) continue;
    const uris = parseReportUris(v);
    if (uris.length === 0) bad(tag, `${tag}= is empty`);
    for (const u of uris) if (u.problem) errors.push({ code: u.problem.code, tag, detail: u.problem.detail });
    for (const u of uris) if (u.maxSize && !u.problem) removed(tag, `"${u.uri}": the !${u.maxSize} size limit is gone in RFC 9990 (reporters ignore it); RFC 7489 reporters may still honour it`);
    record[tag] = uris;
  }
  if (tags.fo !== undefined) {
    const fo = tags.fo.split(':').map((s) => s.trim().toLowerCase());
    const wrong = fo.filter((o) => !FO.has(o));
    if (wrong.length) bad('fo', `fo=${tags.fo}: ${wrong.map((w) => `"${w}"`).join(', ')} ${wrong.length > 1 ? 'are' : 'is'} not 0, 1, d or s`);
    else record.fo = fo;
  }
  if (tags.ri !== undefined) {
    const n = /^\d{1,10}$/.test(tags.ri) ? Number(tags.ri) : NaN;
    if (n <= 0xffffffff) record.ri = n;
    removed('ri', `ri=${tags.ri}: RFC 9989 removed ri (aggregate reports are daily, RFC 9990)${n <= 0xffffffff ? '' : '; the value is not a number of seconds either'}`);
  }
  if (tags.rf !== undefined) {
    const rf = tags.rf.split(':').map((s) => s.trim().toLowerCase());
    // "afrf" is the only failure-report format ever registered (RFC 7489 §6.3, IANA).
    if (rf.every((f) => f === 'afrf')) record.rf = rf;
    removed('rf', `rf=${tags.rf}: RFC 9989 removed rf (failure reports have one format, RFC 9991)${rf.every((f) => f === 'afrf') ? '' : '; afrf was its only value anyway'}`);
  }
  if (tags.psd !== undefined) {
    if (/^[ynu]$/i.test(tags.psd)) record.psd = tags.psd.toLowerCase() as 'y' | 'n' | 'u';
    else bad('psd', `psd=${tags.psd} must be y, n or u`);
  }
  if (tags.t !== undefined) {
    if (/^[yn]$/i.test(tags.t)) record.t = tags.t.toLowerCase() as 'y' | 'n';
    else bad('t', `t=${tags.t} must be y or n`);
  }
  for (const t of list.tags) {
    // RFC 9989 §4.7: unknown tags MUST be ignored.
    if (!KNOWN.has(t.name)) errors.push({ code: 'dmarc.unknown-tag', tag: t.name, detail: `"${t.name}=" is not a DMARC tag; receivers ignore it${suggest(t.name)}` });
  }
  return { text, tags, record, errors, notes };
}

const TYPOS: Record<string, string> = { policy: 'p', rfu: 'ruf', rue: 'rua', ruo: 'rua', aspd: 'aspf', adkm: 'adkim', subdomain: 'sp', percent: 'pct' };
function suggest(name: string): string {
  const s = TYPOS[name];
  return s ? ` (did you mean ${s}=?)` : '';
}
