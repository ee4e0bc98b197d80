/**
 * mxray's own content findings: what a filter holds against a message's body and headers, apart
 * from authentication. Pure: a parsed message in, findings out (blocklisted link domains are
 * looked up separately, in ./index.ts).
 */
import type { Finding } from '../checks/types';
import type { LinkDomain } from './links';

/** Gmail clips HTML beyond about 102 KB behind "[Message clipped] View entire message". */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/** Beyond this, many receivers (and most users on phones) treat a message as a download. */
export const HUGE_BYTES = 5 * 1024 * 1024;
/** Text parts whose wording overlaps less than this with the HTML part tell different stories. */
const MIN_PART_OVERLAP = 0.5;
/** An HTML body with images and fewer visible words than this is "image-only". */
const IMAGE_ONLY_WORDS = 25;

export interface ContentInput {
  bytes: number;
  text?: string;
  html?: string;
  /** Raw header values as they appear (first of each; counts for the ones that matter). */
  messageId?: string;
  date?: string;
  fromDomain?: string;
  listUnsubscribe?: boolean;
  /** Precedence: bulk/list, List-Id, Feedback-ID and the like: the message says it is bulk mail. */
  bulkMarkers: string[];
  imageAttachments: number;
}

const HIDDEN_ELEMENTS = ['style', 'script', 'head'];

/**
 * The text of an HTML part with tags, and the contents of style, script and head, removed. A scan
 * with indexOf instead of /<[^>]*>/g and /<(style|…)[\s\S]*?<\/\1>/gi: those regexes restart at
 * every "<" of a part with no closing ">" (or "</style>") and turn 64 KiB into seconds of CPU. When
 * no ">" follows at all, nothing after it is a tag's end either: the rest is dropped, in one step.
 */
export function htmlText(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, lt), ' ');
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    const name = /^<([a-z]+)/.exec(lower.slice(lt, lt + 10))?.[1];
    if (name && HIDDEN_ELEMENTS.includes(name)) {
      const close = lower.indexOf(`</${name}`, gt + 1);
      if (close < 0) break;
      const end = html.indexOf('>', close);
      if (end < 0) break;
      i = end + 1;
    } else {
      i = gt + 1;
    }
  }
  return out.join('');
}

/** Visible words of an HTML part: tags, styles, scripts and entities removed. */
export function htmlWords(html: string): string[] {
  const text = htmlText(html)
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ');
  return words(text);
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [];
}

/** Share of the smaller part's distinct words found in the other part. */
export function overlap(a: string[], b: string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  const [small, big] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  if (small.size === 0) return big.size === 0 ? 1 : 0;
  let shared = 0;
  for (const w of small) if (big.has(w)) shared++;
  return shared / small.size;
}

// RFC 5322 §3.6.4: msg-id = "<" id-left "@" id-right ">"
const MSG_ID = /^\s*<[^<>@\s]+@[^<>@\s]+>\s*$/;
// RFC 5322 §3.3 date-time, with the obsolete forms' leniency on spaces, and an optional comment.
const DATE = /^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s*,\s*)?\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|UT|GMT|[ECMP][SD]T|[A-IK-Za-ik-z])\s*(?:\([^)]*\))?\s*$/i;

export function contentFindings(m: ContentInput, links: LinkDomain[]): Finding[] {
  const out: Finding[] = [];
  const html = m.html?.trim() ? m.html : undefined;
  const text = m.text?.trim() ? m.text : undefined;
  const htmlW = html ? htmlWords(html) : [];

  if (html && !text) out.push({ code: 'content.html-only', severity: 'warn', detail: 'The message has an HTML part but no plain-text part.' });
  if (html && text) {
    const o = overlap(htmlW, words(text));
    if (o < MIN_PART_OVERLAP) out.push({ code: 'content.parts-differ', severity: 'warn', detail: `Only ${Math.round(o * 100)}% of the words of one part appear in the other: the text and HTML parts say different things.`, data: { overlap: Math.round(o * 100) / 100 } });
  }
  const images = (html?.match(/<img\b/gi) ?? []).length;
  if ((html && images > 0 && htmlW.length < IMAGE_ONLY_WORDS) || (!html && !text && m.imageAttachments > 0)) {
    out.push({ code: 'content.image-only', severity: 'warn', detail: `The message is ${images || m.imageAttachments} image(s) with ${htmlW.length} word(s) of text.` });
  }
  if (m.messageId === undefined) out.push({ code: 'content.message-id-missing', severity: 'warn', detail: 'No Message-ID header.' });
  else if (!MSG_ID.test(m.messageId)) out.push({ code: 'content.message-id-malformed', severity: 'warn', detail: `Message-ID "${m.messageId.slice(0, 80)}" is not of the form <id@domain>.` });
  if (m.date === undefined) out.push({ code: 'content.date-missing', severity: 'warn', detail: 'No Date header.' });
  else if (!DATE.test(m.date)) out.push({ code: 'content.date-malformed', severity: 'warn', detail: `Date "${m.date.slice(0, 80)}" is not an RFC 5322 date.` });
  if (m.bytes > HUGE_BYTES) out.push({ code: 'content.huge', severity: 'warn', detail: `The message is ${(m.bytes / 1024 / 1024).toFixed(1)} MB.` });
  else if (html && Buffer.byteLength(html) > GMAIL_CLIP_BYTES) out.push({ code: 'content.gmail-clips', severity: 'info', detail: `The HTML part is ${Math.round(Buffer.byteLength(html) / 1024)} KB; Gmail clips it after about 102 KB.` });

  const shorteners = links.filter((l) => l.shortener);
  if (shorteners.length) out.push({ code: 'content.url-shortener', severity: 'warn', detail: `Links go through URL shorteners: ${shorteners.map((l) => l.domain).join(', ')}.`, data: { domains: shorteners.map((l) => l.domain) } });
  const foreign = links.filter((l) => !l.aligned && !l.shortener);
  if (m.fromDomain && foreign.length) {
    out.push({ code: 'content.links-unaligned', severity: 'info', detail: `Links point to ${foreign.length} domain(s) other than ${m.fromDomain}: ${foreign.slice(0, 5).map((l) => l.domain).join(', ')}${foreign.length > 5 ? ', …' : ''}.`, data: { domains: foreign.map((l) => l.domain) } });
  }
  if (m.bulkMarkers.length && !m.listUnsubscribe) {
    out.push({ code: 'content.bulk-no-list-unsubscribe', severity: 'warn', detail: `The message says it is bulk mail (${m.bulkMarkers.join(', ')}) but has no List-Unsubscribe header.` });
  }
  return out;
}
