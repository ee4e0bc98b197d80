/**
 * SPF macros (RFC 7208 §7): parse a macro-string into tokens, check a domain-spec's syntax, and
 * expand tokens against the SMTP facts. Pure: the one DNS-dependent letter (%{p}) is handed in.
 */

export type MacroLetter = 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'c' | 'r' | 't' | 'v';

export type MacroToken =
  | { kind: 'literal'; text: string }
  /** %% %_ %- : syntactically a macro-expand, expands to fixed text. */
  | { kind: 'escape'; text: string }
  | { kind: 'macro'; letter: MacroLetter; upper: boolean; digits?: number; reverse: boolean; delimiters: string };

export type MacroParse = { ok: true; tokens: MacroToken[] } | { ok: false; offset: number; message: string };

const DOMAIN_LETTERS = new Set('slodiphv');
// RFC 7208 §7.1: c, r and t are allowed only in explanation text.
const EXPLAIN_ONLY = new Set('crt');
const DELIMITERS = new Set('.-+,/_=');

/**
 * Parse a macro-string. `explain` selects the explain-string grammar (spaces and c/r/t allowed).
 * macro-literal = %x21-24 / %x26-7E (RFC 7208 §7.1).
 */
export function parseMacroString(s: string, explain = false): MacroParse {
  const tokens: MacroToken[] = [];
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = ch.charCodeAt(0);
    if (ch !== '%') {
      if ((code >= 0x21 && code <= 0x7e) || (explain && code === 0x20)) {
        literal(ch);
        continue;
      }
      return { ok: false, offset: i, message: `the character ${describeChar(ch)} is not allowed here (only printable ASCII)` };
    }
    const next = s[i + 1];
    if (next === '%') tokens.push({ kind: 'escape', text: '%' });
    else if (next === '_') tokens.push({ kind: 'escape', text: ' ' });
    else if (next === '-') tokens.push({ kind: 'escape', text: '%20' });
    else if (next === '{') {
      const close = s.indexOf('}', i + 2);
      if (close < 0) return { ok: false, offset: i, message: 'a macro "%{" is never closed with "}"' };
      const body = s.slice(i + 2, close);
      const m = /^([a-z])(\d*)(r?)(.*)$/i.exec(body);
      if (!m) return { ok: false, offset: i, message: `"%{${body}}" is not a macro (expected a letter such as %{d} or %{i})` };
      const letter = m[1]!.toLowerCase();
      if (!DOMAIN_LETTERS.has(letter) && !EXPLAIN_ONLY.has(letter)) {
        return { ok: false, offset: i, message: `"%{${body}}" uses the unknown macro letter "${m[1]}" (allowed: s l o d i p h v${explain ? ' c r t' : ''})` };
      }
      if (EXPLAIN_ONLY.has(letter) && !explain) {
        return { ok: false, offset: i, message: `the macro %{${m[1]}} is allowed only in explanation text, not in a domain` };
      }
      if (m[2] && Number(m[2]) === 0) return { ok: false, offset: i, message: `"%{${body}}": the number of labels must be at least 1` };
      const delimiters = m[4]!;
      for (const d of delimiters) {
        if (!DELIMITERS.has(d)) return { ok: false, offset: i, message: `"%{${body}}": "${d}" is not a macro delimiter (allowed: . - + , / _ =)` };
      }
      tokens.push({
        kind: 'macro',
        letter: letter as MacroLetter,
        upper: m[1] !== letter,
        digits: m[2] ? Math.min(Number(m[2]), 1000) : undefined,
        reverse: m[3] !== '',
        delimiters: delimiters || '.',
      });
      i = close;
      continue;
    } else {
      return { ok: false, offset: i, message: `"%" must be followed by {, %, _ or - (write %% for a literal percent sign)` };
    }
    i++;
  }
  return { ok: true, tokens };
}

// RFC 7208 §7.1: toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

/**
 * Parse and check a domain-spec: a macro-string that ends in a macro or in "." toplabel ["."]
 * (RFC 7208 §7.1). Returns the tokens or a sentence saying what is wrong.
 */
export function parseDomainSpec(spec: string): MacroParse {
  if (spec === '') return { ok: false, offset: 0, message: 'the domain is missing' };
  const parsed = parseMacroString(spec);
  if (!parsed.ok) return parsed;
  const last = parsed.tokens[parsed.tokens.length - 1]!;
  if (last.kind !== 'literal') return parsed;
  const end = /\.([^.]*)\.?$/.exec(last.text);
  const top = end?.[1];
  if (top === undefined || !TOPLABEL.test(top)) {
    if (/^\d+(\.\d+){3}$/.test(spec)) return { ok: false, offset: 0, message: `"${spec}" is an IP address; write ip4:${spec} instead` };
    if (!end) return { ok: false, offset: 0, message: `"${spec}" is not a fully qualified domain name (it needs a dot and a top-level label)` };
    return { ok: false, offset: spec.length - last.text.length + (end.index ?? 0) + 1, message: `"${top}" is not a valid top-level label in "${spec}"` };
  }
  return parsed;
}

export type MacroValues = Record<Exclude<MacroLetter, 'p'>, string> & { p?: string };

export function usesLetter(tokens: MacroToken[], letter: MacroLetter): boolean {
  return tokens.some((t) => t.kind === 'macro' && t.letter === letter);
}

export function hasMacros(tokens: MacroToken[]): boolean {
  return tokens.some((t) => t.kind === 'macro');
}

/** Expand tokens (RFC 7208 §7.3 transformers, §7.3 URL escaping for upper-case letters). */
export function expandTokens(tokens: MacroToken[], values: MacroValues): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind !== 'macro') {
      out += t.text;
      continue;
    }
    const raw = t.letter === 'p' ? (values.p ?? 'unknown') : values[t.letter];
    let parts = splitOn(raw, t.delimiters);
    if (t.reverse) parts = parts.reverse();
    if (t.digits !== undefined && t.digits < parts.length) parts = parts.slice(parts.length - t.digits);
    const value = parts.join('.');
    out += t.upper ? urlEscape(value) : value;
  }
  return out;
}

function splitOn(value: string, delimiters: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (const ch of value) {
    if (delimiters.includes(ch)) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** RFC 7208 §7.3: upper-case macros escape every character outside the URI unreserved set. */
function urlEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * RFC 7208 §7.3: an expanded domain longer than 253 characters loses labels from the left until
 * it fits; a trailing dot is not part of the name.
 */
export function truncateDomain(name: string): string {
  let n = name.replace(/\.$/, '');
  while (n.length > 253) {
    const dot = n.indexOf('.');
    if (dot < 0) return n;
    n = n.slice(dot + 1);
  }
  return n;
}

export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${code >= 0x21 && code <= 0x7e ? ` ("${ch}")` : ''}`;
}
