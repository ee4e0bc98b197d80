/**
 * The Gmail/Yahoo bulk-sender basics visible in a message's headers (February 2024 rules):
 * List-Unsubscribe with one-click (RFC 8058), Message-ID and Date (RFC 5322 §3.6), and a From
 * domain aligned with SPF or DKIM (DMARC alignment).
 */
import type { Finding } from '../checks/types';
import { first, type HeaderField } from './headers';
import type { BulkSenderView } from './types';

/**
 * An "<https://…>" entry, as `/<\s*https:\/\/[^>]+>/i` found it, in one pass: the regex rescanned
 * to the end from every unclosed "<https://" (a 64 KiB header of them took seconds).
 */
function hasHttpsUrl(value: string): boolean {
  for (let lt = value.indexOf('<'); lt >= 0; lt = value.indexOf('<', lt + 1)) {
    let i = lt + 1;
    while (i < value.length && value[i]!.trim() === '') i++;
    if (value.slice(i, i + 8).toLowerCase() !== 'https://') continue;
    const gt = value.indexOf('>', i + 8);
    // No ">" after this one means none after any later "<" either.
    if (gt < 0) return false;
    if (gt > i + 8) return true;
  }
  return false;
}

export function bulkSenderBasics(fields: HeaderField[], fromAligned: boolean | undefined): { view: BulkSenderView; findings: Finding[] } {
  const lu = first(fields, 'list-unsubscribe');
  const lup = first(fields, 'list-unsubscribe-post');
  const httpsUrl = !!lu && hasHttpsUrl(lu);
  // RFC 8058 §3.1: the POST header's value is exactly "List-Unsubscribe=One-Click".
  const oneClick = httpsUrl && !!lup && /^\s*List-Unsubscribe\s*=\s*One-Click\s*$/i.test(lup);
  const view: BulkSenderView = {
    listUnsubscribe: !!lu,
    oneClick,
    // Same matches as `<[^<>]*@?[^<>]*>|\S+@\S+`, without its quadratic backtracking.
    messageId: /<[^<>]*>|\S@\S/.test(first(fields, 'message-id') ?? ''),
    date: !!first(fields, 'date'),
    ...(fromAligned !== undefined ? { fromAligned } : {}),
  };
  const findings: Finding[] = [];
  if (!view.listUnsubscribe) findings.push({ code: 'message.bulk-no-list-unsubscribe', severity: 'info', detail: 'No List-Unsubscribe header: required for bulk and marketing mail at Gmail and Yahoo (not for one-to-one mail).' });
  else if (!oneClick) {
    const why = !httpsUrl ? 'List-Unsubscribe has no https URL' : !lup ? 'List-Unsubscribe-Post is missing' : `List-Unsubscribe-Post is "${lup.slice(0, 80)}", not "List-Unsubscribe=One-Click"`;
    findings.push({ code: 'message.bulk-no-one-click', severity: 'warn', detail: `${why}: one-click unsubscribe (RFC 8058) is not offered.` });
  }
  if (!view.messageId) findings.push({ code: 'message.bulk-no-message-id', severity: 'warn', detail: 'The message has no Message-ID header.' });
  if (!view.date) findings.push({ code: 'message.bulk-no-date', severity: 'warn', detail: 'The message has no Date header.' });
  if (fromAligned === false) findings.push({ code: 'message.bulk-from-unaligned', severity: 'warn', detail: 'Neither a passing SPF domain nor a passing DKIM d= aligns with the From domain.' });
  if (view.listUnsubscribe && oneClick && view.messageId && view.date && fromAligned) findings.push({ code: 'message.bulk-ok', severity: 'pass', detail: 'One-click List-Unsubscribe, Message-ID, Date and an aligned From domain are present.' });
  return { view, findings };
}
