/**
 * The tag=value list syntax of RFC 6376 §3.2, used by DKIM key records and, by reference
 * (RFC 7489 §6.4), by DMARC records. Pure: text in, ordered tags and syntax problems out.
 *
 *   tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
 *   tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 *   tag-name  =  ALPHA *ALNUMPUNC          (ALNUMPUNC = ALPHA / DIGIT / "_")
 */

export interface Tag {
  /** As written (DKIM tag names are case-sensitive, DMARC's are not: callers decide). */
  name: string;
  /** Value with surrounding whitespace removed. */
  value: string;
}

export interface TagListProblem {
  kind: 'no-equals' | 'bad-name' | 'duplicate';
  /** The offending piece of the record, as written. */
  text: string;
}

export interface TagList {
  tags: Tag[];
  problems: TagListProblem[];
}

const TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface TagListOptions {
  caseInsensitiveNames?: boolean;
  /**
   * Accept any non-empty tag name instead of the tag-name grammar (BIMI's reader: it only looks
   * for a few known tags and ignores the rest, whatever their spelling).
   */
  anyName?: boolean;
}

export function parseTagList(text: string, opts: TagListOptions = {}): TagList {
  const tags: Tag[] = [];
  const problems: TagListProblem[] = [];
  const seen = new Set<string>();
  for (const piece of text.split(';')) {
    const spec = piece.trim();
    // An empty spec (";;" or a trailing ";") is tolerated by every verifier we know; nothing to report.
    if (spec === '') continue;
    const eq = spec.indexOf('=');
    if (eq < 0) {
      problems.push({ kind: 'no-equals', text: spec });
      continue;
    }
    const name = spec.slice(0, eq).trim();
    const value = spec.slice(eq + 1).trim();
    if (opts.anyName ? name === '' : !TAG_NAME.test(name)) {
      problems.push({ kind: 'bad-name', text: spec });
      continue;
    }
    const key = opts.caseInsensitiveNames ? name.toLowerCase() : name;
    if (seen.has(key)) problems.push({ kind: 'duplicate', text: spec });
    seen.add(key);
    tags.push({ name: opts.caseInsensitiveNames ? name.toLowerCase() : name, value });
  }
  return { tags, problems };
}

/** First value of each tag, for display and the API (duplicates are reported as problems). */
export function tagMap(list: TagList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list.tags) if (!(t.name in out)) out[t.name] = t.value;
  return out;
}
