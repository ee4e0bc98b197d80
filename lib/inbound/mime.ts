/**
 * Just enough MIME (RFC 2045/2046/2047) to find a message forwarded as an attachment and to read a
 * few header fields, without a full parse of every message the listener receives.
 */

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
  const re = /;\s*([^=\s;]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]*)/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(value.slice(m[0].length)))) {
    const key = p[1]!.toLowerCase();
    let v = p[3] !== undefined ? p[3].replace(/\\(.)/g, '$1') : p[2]!;
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
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const c = unfolded.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(unfolded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unfolded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded-words in a header value ("=?utf-8?Q?...?="), for display only. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1') // §6.2: whitespace between encoded-words is dropped
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (whole, charset: string, enc: string, text: string) => {
      try {
        const bytes = enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(text.replace(/_/g, ' '));
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return whole;
      }
    });
}
