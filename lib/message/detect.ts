/**
 * What was pasted: a raw message (.eml, CRLF or LF), headers only, or the text of Gmail's
 * "Show original" page as copied from the browser (summary rows, a "Download Original / Copy to
 * clipboard" line, then the raw source). Output is always the raw message bytes to analyse.
 */
import type { InputFormat } from './types';
import type { HeaderField } from './headers';

export const MAX_INPUT_BYTES = 25 * 1024 * 1024;

export interface Detected {
  format: InputFormat;
  raw: Buffer;
  gmailSummary?: Record<string, string>;
}

// The line Gmail puts between its summary table and the source; tabs become spaces in some browsers.
const GMAIL_MARKER = /^[ \t]*Download [Oo]riginal[ \t]*(?:\|[ \t]*)?Copy to clipboard[ \t]*$/m;
const SUMMARY_LABELS = ['Message ID', 'Created at', 'Created on', 'From', 'To', 'Cc', 'Subject', 'SPF', 'DKIM', 'DMARC', 'Delivered after'];
const SUMMARY_ROW = new RegExp(`^[ \\t]*(${SUMMARY_LABELS.join('|')}):?[ \\t]+(.*)$`);

/** Look at the first bytes only: this decides the format, never the whole 25 MB. */
const PROBE_BYTES = 64 * 1024;

export function detectInput(input: Buffer): Detected {
  const probe = input.subarray(0, PROBE_BYTES).toString('utf8');
  const marker = GMAIL_MARKER.exec(probe);
  const looksLikeGmailPage = marker !== null || startsWithSummary(probe);
  if (looksLikeGmailPage) {
    const summaryText = marker ? probe.slice(0, marker.index) : probe;
    const gmailSummary = parseSummary(summaryText);
    let offset: number;
    if (marker) {
      offset = Buffer.byteLength(probe.slice(0, marker.index + marker[0].length), 'utf8');
    } else {
      // No marker (copied without it): the source starts at the first line that is not a summary row.
      offset = sourceStartWithoutMarker(probe);
    }
    return { format: 'gmail-original', raw: trimLeadingBlankLines(input.subarray(offset)), gmailSummary };
  }
  let raw = trimLeadingBlankLines(input);
  // An mbox "From " separator line is not a header (RFC 4155).
  if (raw.subarray(0, 5).toString('latin1') === 'From ') {
    const nl = raw.indexOf(0x0a);
    raw = nl >= 0 ? raw.subarray(nl + 1) : Buffer.alloc(0);
  }
  return { format: 'eml', raw };
}

function parseSummary(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = SUMMARY_ROW.exec(line);
    if (m && !(m[1]! in out)) out[m[1]!] = withoutLearnMore(m[2]!).replace(/\t+/g, ' ').trim();
  }
  return out;
}

/** The characters of a regex `\s` (what `trim()` removes), tested one at a time. */
const isSpace = (c: string | undefined) => c !== undefined && c !== '' && c.trim() === '';

function skipSpace(s: string, i: number): number {
  while (isSpace(s[i])) i++;
  return i;
}

/**
 * The page copied without its marker line: blank lines, an optional "Original message" line, then
 * the "Message ID" row. Scanned by hand: the regex this replaces (`\s*` around an optional group
 * ending in `\s*\n`) backtracked cubically over a paste of blank space.
 */
function startsWithSummary(probe: string): boolean {
  let i = skipSpace(probe, 0);
  if (/^Original [Mm]essage/.test(probe.slice(i, i + 16))) {
    const after = skipSpace(probe, i + 16);
    if (probe.slice(i + 16, after).includes('\n')) i = after;
  }
  return probe.startsWith('Message ID', i) && /[ \t:]/.test(probe[i + 10] ?? '');
}

/** Gmail's "Learn more" link text at the end of a row, cut without a backtracking `\s*…$`. */
function withoutLearnMore(value: string): string {
  const v = value.trimEnd();
  return v.toLowerCase().endsWith('learn more') ? v.slice(0, -10).trimEnd() : value;
}

function sourceStartWithoutMarker(probe: string): number {
  let pos = 0;
  for (const line of probe.split('\n')) {
    const bare = line.replace(/\r$/, '');
    if (bare.trim() === '' || SUMMARY_ROW.test(bare) || /^\s*Original [Mm]essage\s*$/.test(bare)) {
      pos += Buffer.byteLength(line, 'utf8') + 1;
      continue;
    }
    break;
  }
  return pos;
}

function trimLeadingBlankLines(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length && (b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x20 || b[i] === 0x09)) i++;
  // Keep indentation of a first line only if it is not blank: step back to the line start.
  let lineStart = i;
  while (lineStart > 0 && b[lineStart - 1] !== 0x0a) lineStart--;
  return b.subarray(lineStart);
}

/** Which provider's receiving side wrote these headers (informational). */
export function detectProvider(fields: HeaderField[]): string | undefined {
  const has = (re: RegExp) => fields.some((f) => re.test(f.name));
  const valueOf = (key: string) => fields.filter((f) => f.key === key).map((f) => f.value).slice(0, 3).join('\n');
  const ar = valueOf('authentication-results');
  if (has(/^X-MS-Exchange-/i) || /compauth=/i.test(ar) || has(/^X-Forefront-Antispam-Report$/i)) return 'office365';
  if (/^\s*mx\.google\.com\b/i.test(ar) || has(/^X-Gm-Message-State$/i)) return 'gmail';
  if (/\.yahoo\.|yahoo\.com\b/i.test(ar) || has(/^X-YMail/i) || has(/^X-Sonic-MF$/i)) return 'yahoo';
  if (/messagingengine\.com\b/i.test(ar) || has(/^X-ME-Sender$/i)) return 'fastmail';
  if (/\.me\.com\b|icloud\.com\b/i.test(ar)) return 'icloud';
  return undefined;
}

/** Share of bytes that are control characters other than TAB/CR/LF: binary junk has many. */
export function binaryRatio(b: Buffer): number {
  const n = Math.min(b.length, PROBE_BYTES);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) bad++;
  }
  return bad / n;
}
