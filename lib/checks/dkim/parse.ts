import { inspectKey, stripFws, type KeyInspection } from './key';
import { parseTagList, tagMap } from './tag-list';

/**
 * Parse one DKIM key record (RFC 6376 §3.6.1). Pure: text in, typed record and problems out.
 * Judging (key too short, testing mode, ...) is evaluate.ts's job; this only reads.
 */

export interface DkimKeyRecord {
  /** v=, when present. */
  version?: string;
  /** k=, default "rsa". */
  keyType: string;
  /** h=, colon-separated hash algorithms; undefined means "any". */
  hashes?: string[];
  /** p= with folding whitespace removed; "" means the key was revoked. */
  publicKey: string;
  /** s=, service types; default ["*"]. */
  services: string[];
  /** t=, flags such as "y" (testing) and "s" (no subdomains in i=). */
  flags: string[];
  /** g=, granularity from RFC 4871 (removed by RFC 6376 but still honoured by some verifiers). */
  granularity?: string;
  notes?: string;
}

export interface DkimParseProblem {
  /** Stable finding code this problem is reported under. */
  code: 'dkim.syntax' | 'dkim.bad-version' | 'dkim.no-key' | 'dkim.key-not-base64' | 'dkim.key-invalid';
  detail: string;
}

export interface DkimParse {
  text: string;
  tags: Record<string, string>;
  record: DkimKeyRecord | null;
  key: KeyInspection | null;
  problems: DkimParseProblem[];
}

const list = (v: string) => v.split(':').map((s) => s.trim()).filter(Boolean);

/**
 * Does this TXT look like it is meant to be a DKIM key at all? RFC 6376 has no mandatory
 * marker (v= is optional), so: it starts with v=DKIM (any version), or it is a tag-list with p=.
 */
export function looksLikeDkim(text: string): boolean {
  const t = text.trim();
  if (/^v\s*=\s*DKIM/i.test(t)) return true;
  if (/^v\s*=/i.test(t)) return false; // v=spf1, v=DMARC1, ...
  const { tags } = parseTagList(t);
  return tags.some((tag) => tag.name === 'p');
}

export function parseDkimRecord(text: string): DkimParse {
  const list0 = parseTagList(text);
  const tags = tagMap(list0);
  const problems: DkimParseProblem[] = [];

  for (const p of list0.problems) {
    // RFC 6376 §3.2: a duplicated tag makes the entire tag-list invalid.
    const what = p.kind === 'duplicate' ? 'appears twice; RFC 6376 §3.2 makes the whole record invalid' : p.kind === 'no-equals' ? 'has no "="' : 'is not a valid tag name';
    problems.push({ code: 'dkim.syntax', detail: `"${p.text.slice(0, 60)}" ${what}` });
  }

  const first = list0.tags[0];
  if ('v' in tags) {
    // RFC 6376 §3.6.1: v= MUST be first, and records whose v= is not "DKIM1" MUST be discarded.
    if (tags.v !== 'DKIM1') problems.push({ code: 'dkim.bad-version', detail: `v=${tags.v} is not "DKIM1"; verifiers discard the record` });
    else if (first?.name !== 'v') problems.push({ code: 'dkim.bad-version', detail: 'v=DKIM1 must be the first tag; verifiers may discard the record' });
  }

  if (!('p' in tags)) {
    // RFC 6376 §3.2: tag names are case-sensitive, so "P=" is not "p=".
    const hint = 'P' in tags ? ' (it has "P=": tag names are case-sensitive, write p=)' : '';
    problems.push({ code: 'dkim.no-key', detail: `the record has no p= tag (the public key), which RFC 6376 §3.6.1 requires${hint}` });
    return { text, tags, record: null, key: null, problems };
  }

  const record: DkimKeyRecord = {
    ...(tags.v !== undefined ? { version: tags.v } : {}),
    keyType: (tags.k ?? 'rsa').toLowerCase(),
    ...(tags.h !== undefined ? { hashes: list(tags.h).map((h) => h.toLowerCase()) } : {}),
    publicKey: stripFws(tags.p!),
    services: tags.s !== undefined ? list(tags.s).map((s) => s.toLowerCase()) : ['*'],
    flags: tags.t !== undefined ? list(tags.t).map((f) => f.toLowerCase()) : [],
    ...(tags.g !== undefined ? { granularity: tags.g } : {}),
    ...(tags.n !== undefined ? { notes: tags.n } : {}),
  };

  let key: KeyInspection | null = null;
  // An empty p= is a revoked key (§3.6.1), not a malformed one; unknown k= cannot be decoded.
  if (record.publicKey !== '' && (record.keyType === 'rsa' || record.keyType === 'ed25519')) {
    key = inspectKey(record.keyType, record.publicKey);
    if (!key.ok) problems.push({ code: key.problem === 'not-base64' ? 'dkim.key-not-base64' : 'dkim.key-invalid', detail: key.detail });
  }
  return { text, tags, record, key, problems };
}
