/**
 * Just enough MIME (RFC 2045/2046/2047) to find a message forwarded as an attachment and to read a
 * few header fields, without a full parse of every message the listener receives.
 */

import { charsetDecoders } from '../message/headers';

const CRLF2 = Buffer.from('\r\n\r\n');
const LF2 = Buffer.from('\n\n');

/** RFC 5322 §2.1: the header section ends at the first empty line (CRLF, or LF in pasted text). */
export function splitHeaderBody(raw: Buffer): { header: string; body: Buffer } {
  const crlf = raw.indexOf(CRLF2);
  const lf = raw.indexOf(LF2);
  let end = -1;
  let sep = 0;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    end = crlf;
    sep = 4;
  } else if (lf >= 0) {
    end = lf;
    sep = 2;
  }
  if (end < 0) return { header: raw.toString('utf8'), body: Buffer.alloc(0) };
  return { header: raw.subarray(0, end).toString('utf8'), body: raw.subarray(end + sep) };
}

/** First occurrence of a header field, unfolded (RFC 5322 §2.2.3); undefined when absent. */
export function headerField(header: string, name: string): string | undefined {
  const lower = name.toLowerCase();
  const lines = header.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0 || line.slice(0, colon).trim().toLowerCase() !== lower) continue;
    let value = line.slice(colon + 1);
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) value += lines[++i];
    return value.replace(/\s+/g, ' ').trim();
  }
  return undefined;
}

export interface ContentType {
  /** "type/subtype", lowercased. */
  type: string;
  /** Parameter names lowercased; RFC 2231 "name*" values decoded when simple. */
  params: Record<string, string>;
}

/** RFC 2045 §5.1; absent or unparseable means text/plain (§5.2). */
export function parseContentType(value: string | undefined): ContentType {
  const fallback: ContentType = { type: 'text/plain', params: {} };
  if (!value) return fallback;
  const m = /^\s*([!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+)\s*/i.exec(value);
  if (!m) return fallback;
  const params: Record<string, string> = {};
  for (const p of parameters(value.slice(m[0].length))) {
    const key = p.name.toLowerCase();
    let v = p.value;
    if (key.endsWith('*')) {
      // RFC 2231 §4: charset'language'percent-encoded
      const parts = /^([^']*)'[^']*'(.*)$/.exec(v);
      try {
        v = parts ? decodeURIComponent(parts[2]!) : v;
      } catch {
        /* keep the raw value */
      }
      params[key.slice(0, -1)] ??= v;
    } else params[key] = v;
  }
  return { type: m[1]!.toLowerCase(), params };
}

const isSpace = (c: string | undefined) => c !== undefined && c !== '' && c.trim() === '';

/**
 * `; name = value` pairs (value a token or a quoted-string with quoted-pairs), read as the regex
 * `;\s*([^=\s;]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]*)` read them, in one pass: that regex
 * rescanned the rest of the value from every unclosed quote.
 */
function* parameters(rest: string): Generator<{ name: string; value: string }> {
  // Once a quoted-string runs to the end unclosed, every later one does too (the scans agree
  // after the later opening quote), so it is not scanned again.
  let unclosed = false;
  let i = rest.indexOf(';');
  while (i >= 0) {
    let j = i + 1;
    while (isSpace(rest[j])) j++;
    const nameStart = j;
    while (j < rest.length && rest[j] !== '=' && rest[j] !== ';' && !isSpace(rest[j])) j++;
    const name = rest.slice(nameStart, j);
    while (isSpace(rest[j])) j++;
    if (name === '' || rest[j] !== '=') {
      i = rest.indexOf(';', i + 1);
      continue;
    }
    j++;
    while (isSpace(rest[j])) j++;
    let value: string | undefined;
    if (rest[j] === '"' && !unclosed) {
      const parts: string[] = [];
      let k = j + 1;
      for (; k < rest.length && rest[k] !== '"'; k++) {
        if (rest[k] === '\\' && k + 1 < rest.length) k++;
        parts.push(rest[k]!);
      }
      if (k < rest.length) {
        value = parts.join('');
        j = k + 1;
      } else unclosed = true;
    }
    if (value === undefined) {
      const start = j;
      while (j < rest.length && rest[j] !== ';' && !isSpace(rest[j])) j++;
      value = rest.slice(start, j);
    }
    yield { name, value };
    i = rest.indexOf(';', j);
  }
}

/**
 * RFC 2046 §5.1.1: the body parts between "--boundary" delimiter lines, without the CRLF that
 * belongs to the delimiter. Preamble and epilogue are dropped.
 */
export function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const delim = Buffer.from(`--${boundary}`);
  const starts: { lineStart: number; contentStart: number; close: boolean }[] = [];
  let from = 0;
  while (from <= body.length) {
    const at = body.indexOf(delim, from);
    if (at < 0) break;
    from = at + delim.length;
    if (at !== 0 && body[at - 1] !== 0x0a) continue; // a delimiter starts a line
    const close = body[at + delim.length] === 0x2d && body[at + delim.length + 1] === 0x2d;
    const eol = body.indexOf(0x0a, at + delim.length);
    starts.push({ lineStart: at, contentStart: eol < 0 ? body.length : eol + 1, close });
    if (close) break;
  }
  const parts: Buffer[] = [];
  for (let i = 0; i < starts.length && !starts[i]!.close; i++) {
    const cur = starts[i]!;
    const next = starts[i + 1];
    if (!next) {
      parts.push(body.subarray(cur.contentStart)); // no close delimiter: take the rest
      break;
    }
    let end = next.lineStart;
    // the line break before a delimiter belongs to the delimiter
    if (end > cur.contentStart && body[end - 1] === 0x0a) end--;
    if (end > cur.contentStart && body[end - 1] === 0x0d) end--;
    parts.push(body.subarray(cur.contentStart, end));
  }
  return parts;
}

/** RFC 2045 §6: undo base64 and quoted-printable; anything else is taken as it is. */
export function decodeTransferEncoding(body: Buffer, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === 'base64') return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body.toString('latin1'));
  return body;
}

function decodeQuotedPrintable(text: string): Buffer {
  const unfolded = text.replace(/=\r?\n/g, ''); // RFC 2045 §6.7 rule 5: soft line breaks
  const bytes = Buffer.allocUnsafe(unfolded.length);
  let n = 0;
  for (let i = 0; i < unfolded.length; i++) {
    const c = unfolded.charCodeAt(i);
    const hex = c === 0x3d ? hexByte(unfolded.charCodeAt(i + 1), unfolded.charCodeAt(i + 2)) : -1;
    if (hex >= 0) {
      bytes[n++] = hex;
      i += 2;
    } else bytes[n++] = c & 0xff;
  }
  return bytes.subarray(0, n);
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** "=XY" → the byte, or -1 when X or Y is not a hex digit (the "=" is then kept as it is). */
function hexByte(a: number, b: number): number {
  const hi = hexDigit(a);
  const lo = hexDigit(b);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** RFC 2047 encoded-words in a header value ("=?utf-8?Q?...?="), for display only. */
export function decodeEncodedWords(value: string): string {
  const decoderFor = charsetDecoders();
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1') // §6.2: whitespace between encoded-words is dropped
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (whole, charset: string, enc: string, text: string) => {
      try {
        const bytes = enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(text.replace(/_/g, ' '));
        const decoder = decoderFor(charset.toLowerCase());
        return decoder ? decoder.decode(bytes) : whole;
      } catch {
        return whole;
      }
    });
}
