/**
 * Bounded header parsing (RFC 5322 §2.2, §3.2.2 unfolding). Works on a Buffer so non-UTF-8 bytes
 * never break anything: byte offsets come from the raw bytes, display text is decoded leniently.
 */

import { replaceParenGroups } from './comment';

/** Real MTAs cap the header section far below this (Postfix header_size_limit is 100 kB). */
export const MAX_HEADER_BYTES = 1024 * 1024;
export const MAX_HEADER_FIELDS = 2000;
/** One field value longer than this is cut for our own parsing (mailauth still sees the original). */
export const MAX_FIELD_CHARS = 64 * 1024;

export interface HeaderField {
  /** Lower-case field name. */
  key: string;
  name: string;
  /** Unfolded value (CRLF + WSP → WSP), trimmed, possibly cut to MAX_FIELD_CHARS. */
  value: string;
}

export interface SplitMessage {
  /** Bytes of the header section (without the blank line). */
  head: Buffer;
  /** null when there is no blank line after the headers (a headers-only paste). */
  body: Buffer | null;
}

/** Find the first empty line (LF LF or CRLF CRLF, mixed allowed) and split there. */
export function splitMessage(raw: Buffer): SplitMessage {
  let i = raw.indexOf(0x0a);
  while (i >= 0) {
    // The line after this LF is empty when it is LF or CRLF right away.
    const next = raw[i + 1];
    if (next === 0x0a) return { head: raw.subarray(0, i + 1), body: raw.subarray(i + 2) };
    if (next === 0x0d && raw[i + 2] === 0x0a) return { head: raw.subarray(0, i + 1), body: raw.subarray(i + 3) };
    i = raw.indexOf(0x0a, i + 1);
  }
  return { head: raw, body: null };
}

/** Decode bytes as UTF-8 where valid; invalid sequences become U+FFFD instead of throwing. */
export function decodeLenient(b: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b);
}

export interface ParsedHeaders {
  fields: HeaderField[];
  /** Lines that were neither a field nor a continuation (kept for the "looks like a message" test). */
  junkLines: number;
  truncated?: string;
}

const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]{1,200}?)[ \t]*:/;

/** Parse a header section into unfolded fields, bounded by MAX_HEADER_BYTES and MAX_HEADER_FIELDS. */
export function parseHeaderSection(head: Buffer): ParsedHeaders {
  const notes: string[] = [];
  let bytes = head;
  if (bytes.length > MAX_HEADER_BYTES) {
    notes.push(`header section is ${bytes.length} bytes; only the first ${MAX_HEADER_BYTES} were read`);
    bytes = bytes.subarray(0, MAX_HEADER_BYTES);
  }
  const text = decodeLenient(bytes);
  const fields: HeaderField[] = [];
  let junkLines = 0;
  let current: { name: string; parts: string[]; size: number } | undefined;
  let dropped = 0;
  const flush = () => {
    if (!current) return;
    if (fields.length >= MAX_HEADER_FIELDS) {
      dropped++;
    } else {
      let value = current.parts.join('').replace(/[\r\n]+/g, '').trim();
      if (value.length > MAX_FIELD_CHARS) value = value.slice(0, MAX_FIELD_CHARS);
      fields.push({ key: current.name.toLowerCase(), name: current.name, value });
    }
    current = undefined;
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    const line = text.slice(start, lineEnd);
    start = end + 1;
    if (line === '') {
      // Blank lines (64 KiB of them in a hostile paste) end a field and are otherwise skipped.
      flush();
      continue;
    }
    if (/^[ \t]/.test(line)) {
      if (current && current.size < MAX_FIELD_CHARS) {
        current.parts.push(line);
        current.size += line.length;
      } else if (!current) junkLines++;
      continue;
    }
    flush();
    const m = FIELD_LINE.exec(line);
    if (m) {
      const rest = line.slice(m[0].length);
      current = { name: m[1]!, parts: [rest.length > MAX_FIELD_CHARS ? rest.slice(0, MAX_FIELD_CHARS) : rest], size: Math.min(rest.length, MAX_FIELD_CHARS) };
    } else if (line.trim() !== '') {
      junkLines++;
    }
  }
  flush();
  if (dropped) notes.push(`${dropped} header fields beyond the first ${MAX_HEADER_FIELDS} were ignored`);
  return { fields, junkLines, ...(notes.length ? { truncated: notes.join('; ') } : {}) };
}

export function all(fields: HeaderField[], key: string): HeaderField[] {
  return fields.filter((f) => f.key === key);
}

export function first(fields: HeaderField[], key: string): string | undefined {
  return fields.find((f) => f.key === key)?.value;
}

/** The address inside a From/Return-Path value: "Name <a@b>" → "a@b". */
export function addressOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const angle = /<([^<>]*)>/.exec(value);
  const candidate = (angle ? angle[1]! : replaceParenGroups(value, '')).trim();
  return firstAddress(candidate) ?? (candidate === '' ? '' : undefined);
}

/** Characters that end a bare local part or domain: white space, <>"@,; (as `[^\s<>"@,;]`). */
const isAddressStop = (c: string) => c.trim() === '' || '<>"@,;'.includes(c);

/**
 * The first "local@domain" made of non-stop characters, as `/[^\s<>"@,;]+@[^\s<>"@,;]+/` found
 * it, without that regex's rescan of a long run with no "@" from every position (quadratic).
 */
function firstAddress(s: string): string | undefined {
  for (let at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
    if (at === 0 || at + 1 >= s.length || isAddressStop(s[at - 1]!) || isAddressStop(s[at + 1]!)) continue;
    let start = at - 1;
    while (start > 0 && !isAddressStop(s[start - 1]!)) start--;
    let end = at + 2;
    while (end < s.length && !isAddressStop(s[end]!)) end++;
    return s.slice(start, end);
  }
  return undefined;
}

export function domainOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.lastIndexOf('@');
  const d = (at >= 0 ? address.slice(at + 1) : address).trim().toLowerCase().replace(/\.$/, '');
  return d || undefined;
}

/**
 * TextDecoders by charset label for one header value: one per charset, not one per encoded-word
 * (thousands of words in a hostile Subject took hundreds of milliseconds), and an unknown label
 * remembered as null (a thrown RangeError per word cost ~40 µs each).
 */
export function charsetDecoders(): (label: string) => TextDecoder | null {
  const decoders = new Map<string, TextDecoder | null>();
  return (label) => {
    let d = decoders.get(label);
    if (d === undefined) {
      try {
        d = new TextDecoder(label);
      } catch {
        d = null;
      }
      decoders.set(label, d);
    }
    return d;
  };
}

/** RFC 2047 encoded-words ("=?UTF-8?B?…?=") → text, for showing Subject and From. */
export function decodeEncodedWords(value: string): string {
  const decoderFor = charsetDecoders();
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (whole, charset: string, enc: string, text: string) => {
      try {
        const bytes =
          enc.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
        const decoder = decoderFor(charset.split('*')[0]!.toLowerCase());
        return decoder ? decoder.decode(bytes) : whole;
      } catch {
        return whole;
      }
    });
}
