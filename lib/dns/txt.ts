/**
 * TXT character-strings (RFC 1035 §3.3.14): a TXT record is one or more strings of at most 255
 * octets each. Verifiers of SPF (RFC 7208 §3.3), DKIM (RFC 6376 §3.6.2.2) and DMARC (RFC 7489
 * §6.6.3) join them with nothing in between, so a long record may be split anywhere; mxray splits
 * suggested records after a space where it can, which is how people expect to read them.
 */

/** The record's text as a verifier sees it: the strings concatenated without separators. */
export function joinTxt(strings: readonly string[]): string {
  return strings.join('');
}

/** RFC 1035 §3.3: one character-string holds at most 255 octets. */
export const MAX_STRING = 255;

/**
 * Split a TXT value into character-strings of at most 255 bytes. Receivers join the strings with
 * nothing, so splits go after a space where possible and keep the space; a longer run without
 * spaces (a DKIM key) is cut at the byte limit, never inside a UTF-8 sequence.
 */
export function splitTxt(value: string, max = MAX_STRING): string[] {
  if (Buffer.byteLength(value) <= max) return [value];
  const out: string[] = [];
  let cur = '';
  for (const piece of value.match(/[^ ]+ */g) ?? [value]) {
    if (Buffer.byteLength(cur + piece) <= max) {
      cur += piece;
      continue;
    }
    // A word that fits in a string of its own starts the next string; a longer one (a key)
    // fills this one and is cut at the byte limit, so it takes no more strings than it must.
    if (Buffer.byteLength(piece) <= max) {
      if (cur) out.push(cur);
      cur = piece;
      continue;
    }
    cur += piece;
    while (Buffer.byteLength(cur) > max) {
      const cut = cutAt(cur, max);
      out.push(cur.slice(0, cut));
      cur = cur.slice(cut);
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** The longest prefix (in UTF-16 units) of `text` that fits in `max` UTF-8 bytes. */
function cutAt(text: string, max: number): number {
  let cut = 0;
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max) break;
    bytes += n;
    cut += ch.length;
  }
  return cut;
}

/** A TXT record to publish, with its strings shown when it needs more than one. */
export function txtRecord(name: string, value: string): { name: string; type: string; value: string; strings?: string[] } {
  const strings = splitTxt(value);
  return strings.length > 1 ? { name, type: 'TXT', value, strings } : { name, type: 'TXT', value };
}
