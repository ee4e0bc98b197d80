import type { Catalog } from './types';

const RFC5322_36 = 'https://www.rfc-editor.org/rfc/rfc5322#section-3.6';
const RFC2369 = 'https://www.rfc-editor.org/rfc/rfc2369';
const GMAIL = 'https://support.google.com/a/answer/81126';

/** Content of a test message or full paste (lib/content): what filters hold against the body. */
export const contentFindings: Catalog = {
  'content.ok': { title: 'Nothing in the content stands out', why: 'The message has a text part, its links point where they say, and its headers are well formed.' },
  'content.html-only': {
    title: 'HTML only, no plain-text part',
    why: 'Filters score HTML-only mail as more likely spam, and some readers cannot show it.',
    fix: 'Send multipart/alternative with a text/plain part that says the same as the HTML.',
  },
  'content.parts-differ': {
    title: 'The text and HTML parts say different things',
    why: 'Spammers hide different content in the part filters read; a large difference between the parts is held against the message.',
    fix: 'Generate the text part from the same content as the HTML part.',
  },
  'content.image-only': {
    title: 'The message is mostly images',
    why: 'Images with little text are a classic way to hide spam from content filters, so filters distrust them; many readers also block images by default and see nothing.',
    fix: 'Put the message in text, with images as illustration.',
  },
  'content.message-id-missing': { title: 'No Message-ID', why: 'RFC 5322 §3.6.4 asks for a Message-ID; Gmail rejects bulk mail without one (550 5.7.1).', fix: 'Let your mail server or library add a Message-ID of the form <unique@your-domain>.', ref: RFC5322_36 },
  'content.message-id-malformed': { title: 'Malformed Message-ID', why: 'A Message-ID must look like <unique@domain> (RFC 5322 §3.6.4); Gmail rejects messages without a valid one.', fix: 'Generate Message-IDs as <random@your-domain>.', ref: RFC5322_36 },
  'content.date-missing': { title: 'No Date header', why: 'RFC 5322 §3.6.1 requires a Date; filters score messages without one as spam.', fix: 'Let your mail server or library add the Date header.', ref: RFC5322_36 },
  'content.date-malformed': { title: 'Malformed Date header', why: 'A Date that does not follow RFC 5322 §3.3 is a spam sign and may be shown wrongly.', fix: 'Format it like "Tue, 02 Dec 2026 10:00:00 +0000".', ref: 'https://www.rfc-editor.org/rfc/rfc5322#section-3.3' },
  'content.huge': { title: 'Very large message', why: 'Large messages are slow to deliver, count against mailbox quotas and are often filtered or truncated.', fix: 'Link to large files instead of attaching them.' },
  'content.gmail-clips': { title: 'Gmail will clip this HTML', why: 'Gmail shows only the first ~102 KB of HTML and hides the rest (often including the unsubscribe link) behind "View entire message".', fix: 'Trim the HTML: inline less CSS, fewer nested tables.' },
  'content.url-shortener': {
    title: 'Links through URL shorteners',
    why: 'Shorteners hide where a link goes, so spammers use them and filters distrust them; a shortener domain abused by others can also get your message blocklisted.',
    fix: 'Link to your own domain (a redirect on your own domain is fine).',
  },
  'content.links-unaligned': {
    title: 'Links to other domains than the From domain',
    why: 'Links to your own domain help filters connect the message with you; links elsewhere are normal (tracking, social media) but each carries that domain\'s reputation.',
    fix: 'Use a tracking domain under your own domain where you can.',
  },
  'content.link-listed': {
    title: 'A link domain is on a domain blocklist',
    why: 'Receivers look up every link domain on lists like Spamhaus DBL and SURBL; a listed link is one of the strongest spam signs.',
    fix: 'Remove the link, or find out why the domain is listed and ask for delisting.',
  },
  'content.bulk-no-list-unsubscribe': {
    title: 'Bulk mail without List-Unsubscribe',
    why: 'The message marks itself as bulk or list mail; Gmail and Yahoo require List-Unsubscribe with one-click (RFC 8058) on such mail.',
    fix: 'Add List-Unsubscribe: <https://…> and List-Unsubscribe-Post: List-Unsubscribe=One-Click.',
    ref: RFC2369,
  },
  'content.spam-score-high': { title: 'SpamAssassin marks the message as spam', why: 'Its content rules add up to its spam threshold or more; many receivers run these or similar rules.', fix: 'Look at the rules that fired, worst first.', ref: GMAIL },
  'content.spam-score-elevated': { title: 'SpamAssassin score is raised', why: 'Its content rules add up to half its spam threshold or more: a few more signs and receivers junk it.', fix: 'Look at the rules that fired, worst first.' },
  'content.unreadable': { title: 'Could not read the message body', why: 'The MIME structure could not be parsed, so the content could not be checked.' },
};
