/**
 * Authentication-Results parser (RFC 8601 §2.2), lenient where real receivers are not conformant:
 * Outlook omits the authserv-id or repeats it after a resinfo, Yahoo's legacy format puts
 * "from=…" before the first ";", and many add x- properties or bare key=value pairs.
 * Pure, linear in the input, never throws.
 */
import { readComment } from './comment';

export interface AuthResInfo {
  /** Method name, lower-case ("spf", "dkim", "dmarc", "arc", "compauth", …); version stripped. */
  method: string;
  /** Result keyword exactly as written (lower-cased): pass, fail, hardfail, bestguesspass, … */
  result: string;
  reason?: string;
  /** ptype.property → value ("smtp.mailfrom", "header.d"); bare key=value pairs under their key. */
  props: Record<string, string>;
  /** Comments after the result, unwrapped ("google.com: domain of … designates …"). */
  comments: string[];
}

export interface AuthResHeader {
  authservId?: string;
  version?: string;
  results: AuthResInfo[];
  /** RFC 8601 §2.2 "none": the receiver applied no method. */
  none: boolean;
}

type Token = { t: 'word' | 'quoted'; v: string; gapBefore: boolean } | { t: ';' | '='; gapBefore: boolean } | { t: 'comment'; v: string; gapBefore: boolean };

const MAX_RESULTS = 100;
const MAX_CHARS = 64 * 1024;

/** RFC 5322 tokens: words, quoted-strings (with quoted-pairs), nested comments, ";" and "=". */
export function tokenize(input: string): Token[] {
  const s = input.length > MAX_CHARS ? input.slice(0, MAX_CHARS) : input;
  const out: Token[] = [];
  let i = 0;
  let gap = true;
  while (i < s.length) {
    const c = s[i]!;
    // A stray ")" closes nothing: treat it as white space (otherwise no token would consume it).
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ')') {
      gap = true;
      i++;
      continue;
    }
    if (c === '(') {
      const { text, end } = readComment(s, i);
      i = end;
      out.push({ t: 'comment', v: text.replace(/\s+/g, ' ').trim(), gapBefore: gap });
      gap = true;
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      for (; i < s.length; i++) {
        const d = s[i]!;
        if (d === '\\' && i + 1 < s.length) {
          text += s[++i];
          continue;
        }
        if (d === '"') {
          i++;
          break;
        }
        text += d;
      }
      out.push({ t: 'quoted', v: text, gapBefore: gap });
      gap = false;
      continue;
    }
    if (c === ';' || c === '=') {
      out.push({ t: c, gapBefore: gap });
      gap = false;
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !' \t\r\n();="'.includes(s[j]!)) j++;
    out.push({ t: 'word', v: s.slice(i, j), gapBefore: gap });
    gap = false;
    i = j;
  }
  return out;
}

function valueOf(tok: Token | undefined): string | undefined {
  return tok && (tok.t === 'word' || tok.t === 'quoted') ? tok.v : undefined;
}

/** Parse one Authentication-Results (or ARC-Authentication-Results) value, without the field name. */
export function parseAuthResults(value: string): AuthResHeader {
  const header: AuthResHeader = { results: [], none: false };
  // Split the token stream at ";" into segments.
  const segments: Token[][] = [[]];
  for (const tok of tokenize(value)) {
    if (tok.t === ';') segments.push([]);
    else segments[segments.length - 1]!.push(tok);
  }
  segments.forEach((seg, index) => {
    const words = seg.filter((t) => t.t !== 'comment');
    if (words.length === 0) return;
    const hasEquals = words.some((t) => t.t === '=');
    if (index === 0 && words[1]?.t !== '=') {
      // authserv-id [version]; anything else before the first ";" is non-standard (Yahoo's "from=…").
      header.authservId = valueOf(words[0]);
      if (words[1]?.t === 'word' && /^\d+$/.test(words[1].v)) header.version = words[1].v;
      return;
    }
    if (!hasEquals) {
      const only = valueOf(words[0]);
      if (words.length === 1 && only?.toLowerCase() === 'none') header.none = true;
      // Outlook writes its authserv-id after the first resinfo ("…; outlook.com; dkim=…").
      else if (words.length === 1 && only && !header.authservId) header.authservId = only;
      return;
    }
    if (header.results.length >= MAX_RESULTS) return;
    const info = parseResinfo(seg);
    if (info) header.results.push(info);
  });
  return header;
}

function parseResinfo(seg: Token[]): AuthResInfo | undefined {
  let i = 0;
  const comments: string[] = [];
  const next = (): Token | undefined => {
    while (i < seg.length && seg[i]!.t === 'comment') comments.push((seg[i++] as { v: string }).v);
    return seg[i];
  };
  const methodTok = next();
  const method = valueOf(methodTok);
  if (!method) return undefined;
  i++;
  if (next()?.t !== '=') return undefined;
  i++;
  const result = valueOf(next());
  if (result === undefined) return undefined;
  i++;
  const info: AuthResInfo = { method: method.split('/')[0]!.toLowerCase().trim(), result: result.toLowerCase(), props: {}, comments };
  while (i < seg.length) {
    const key = valueOf(next());
    if (key === undefined) {
      i++;
      continue;
    }
    i++;
    if (next()?.t !== '=') continue; // a stray word: skip it
    i++;
    const valTok = next();
    let val = valueOf(valTok) ?? '';
    if (valTok && valTok.t !== ';' && valTok.t !== '=') i++;
    // Unquoted values may contain "=" (base64 header.b, VERP addresses like a+b=c@d): glue the
    // tokens that follow without white space.
    while (seg[i] && !seg[i]!.gapBefore && (seg[i]!.t === '=' || seg[i]!.t === 'word')) {
      const t = seg[i]!;
      val += t.t === '=' ? '=' : (t as { v: string }).v;
      i++;
    }
    const k = key.toLowerCase();
    if (k === 'reason') info.reason = val;
    else if (!(k in info.props)) info.props[k] = val;
  }
  return info;
}
