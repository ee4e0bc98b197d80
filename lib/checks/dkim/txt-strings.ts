/**
 * TXT character-strings, shared by the DKIM and DMARC checks.
 * RFC 1035 §3.3.14: a TXT record is one or more character-strings of at most 255 octets each.
 * RFC 6376 §3.6.2.2 (and RFC 7489 §6.6.3 by reference): a verifier joins them with nothing in
 * between, so a key split at any byte boundary reads back whole.
 */

/** The record's text as a verifier sees it: the strings concatenated without separators. */
export function joinTxt(strings: readonly string[]): string {
  return strings.join('');
}

const MAX_STRING_OCTETS = 255;

/**
 * Split a value into character-strings of at most 255 octets, the form most DNS panels and zone
 * files need for a long DKIM key. Splits never cut a UTF-8 sequence (records are ASCII in practice).
 */
export function splitTxt(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= MAX_STRING_OCTETS) return [value];
  const out: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + MAX_STRING_OCTETS, bytes.length);
    // Step back off UTF-8 continuation bytes (10xxxxxx) so each piece is valid text.
    while (end < bytes.length && end > start && (bytes[end]! & 0xc0) === 0x80) end--;
    out.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return out;
}

/** A TXT record to publish, with its strings shown when it needs more than one. */
export function txtRecord(name: string, value: string): { name: string; type: string; value: string; strings?: string[] } {
  const strings = splitTxt(value);
  return strings.length > 1 ? { name, type: 'TXT', value, strings } : { name, type: 'TXT', value };
}
