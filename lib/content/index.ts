/**
 * Content checks of a test message or a full paste: SpamAssassin (when installed) and mxray's own
 * findings, with link domains looked up on the domain blocklists through mxray's DNSBL layer.
 * Kept apart from analyzeMessage: it is slower (SpamAssassin) and may finish after the SMTP 250.
 * Never throws.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { checkDomainBlocklists } from '../checks/dnsbl/domain';
import type { CheckContext, Finding } from '../checks/types';
import { contentFindings, type ContentInput } from './findings';
import { linkDomains, linkHosts, type LinkDomain } from './links';
import type { Spamd } from './spamassassin';
import type { ContentReport } from './types';

export type { ContentReport, ContentState } from './types';

/** Link domains looked up on the domain blocklists, at most (each is one sweep of the lists). */
const MAX_LISTED_LOOKUPS = 10;

export interface ContentOptions {
  ctx: CheckContext;
  /** SpamAssassin; without it the report says content scoring is unavailable. */
  spamd?: Spamd;
  /** Where the message is parsed: in-process by default, an analysis worker thread in the server. */
  read?: (raw: Buffer) => Promise<ContentRead>;
}

function headerText(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === key);
  return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
}

/** A text/plain part anywhere, or no Content-Type at all (RFC 2045 §5.2: then it is text/plain). */
function hasTextPart(raw: Buffer): boolean {
  const s = raw.toString('latin1');
  const headEnd = s.search(/\r?\n\r?\n/);
  const head = headEnd < 0 ? s : s.slice(0, headEnd);
  return /^content-type:\s*text\/plain/im.test(s) || !/^content-type:/im.test(head);
}

function inputOf(raw: Buffer, mail: ParsedMail): ContentInput {
  const from = mail.from?.value[0]?.address;
  const bulkMarkers = [
    /^(bulk|list)$/i.test(headerText(mail, 'precedence') ?? '') && `Precedence: ${headerText(mail, 'precedence')}`,
    headerText(mail, 'list-id') !== undefined && 'List-Id',
    headerText(mail, 'feedback-id') !== undefined && 'Feedback-ID',
  ].filter((x): x is string => typeof x === 'string');
  return {
    bytes: raw.length,
    // mailparser derives `text` from the HTML when there is no text/plain part: look for one.
    text: hasTextPart(raw) ? mail.text : undefined,
    html: typeof mail.html === 'string' ? mail.html : undefined,
    messageId: headerText(mail, 'message-id'),
    date: headerText(mail, 'date'),
    fromDomain: from?.split('@').pop()?.toLowerCase(),
    listUnsubscribe: headerText(mail, 'list-unsubscribe') !== undefined,
    bulkMarkers,
    imageAttachments: mail.attachments.filter((a) => a.contentType.startsWith('image/')).length,
  };
}

/** What reading the message gives: the CPU-bound part of the content checks, no I/O. */
export interface ContentRead {
  findings: Finding[];
  domains: LinkDomain[];
}

/**
 * Parse the message (mailparser) and judge its content. CPU-bound on a large message, so the
 * server runs it in an analysis worker thread (readContentInPool); the CLI and tests in-process.
 */
export async function readContent(raw: Buffer): Promise<ContentRead> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const input = inputOf(raw, mail);
  const domains = linkDomains(linkHosts(input.html, input.text), input.fromDomain);
  return { findings: contentFindings(input, domains), domains };
}

export async function runContentChecks(raw: Buffer, opts: ContentOptions): Promise<ContentReport> {
  const started = Date.now();
  const spam = opts.spamd ? opts.spamd.scan(raw) : Promise.resolve({ state: 'unavailable' as const, reason: 'SpamAssassin was not asked.' });
  let findings: Finding[] = [];
  let links: ContentReport['links'] = [];
  try {
    const read = await (opts.read ?? readContent)(raw);
    findings = read.findings;
    const domains = read.domains;
    const listed = await Promise.all(domains.slice(0, MAX_LISTED_LOOKUPS).map(async (d) => {
      const check = await checkDomainBlocklists(opts.ctx, { domain: d.domain }).catch(() => undefined);
      return check?.findings.filter((f) => f.code === 'dnsbl.listed').map((f) => f.detail) ?? [];
    }));
    links = domains.map((d, i) => ({ ...d, ...(listed[i]?.length ? { listed: listed[i] } : {}) }));
    for (const l of links.filter((x) => x.listed)) findings.push({ code: 'content.link-listed', severity: 'fail', detail: `The link domain ${l.domain} is on a domain blocklist: ${l.listed!.join(' ')}`, data: { domain: l.domain } });
  } catch (e) {
    findings.push({ code: 'content.unreadable', severity: 'error', detail: `mxray could not read the message body: ${(e as Error).message}`.slice(0, 300) });
  }
  const spamassassin = await spam;
  if (spamassassin.state === 'scanned') {
    const { score, required } = spamassassin;
    const detail = `SpamAssassin scores the message ${score} (${required} marks spam), from ${spamassassin.rules.length} rule(s).`;
    if (score >= required) findings.push({ code: 'content.spam-score-high', severity: 'fail', detail, data: { score, required } });
    else if (score >= required / 2) findings.push({ code: 'content.spam-score-elevated', severity: 'warn', detail, data: { score, required } });
  }
  if (!findings.some((f) => f.severity === 'warn' || f.severity === 'fail' || f.severity === 'error')) findings.push({ code: 'content.ok', severity: 'pass', detail: 'Nothing in the content stands out.' });
  return { state: 'done', spamassassin, findings, links, ms: Date.now() - started };
}
