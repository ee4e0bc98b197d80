/**
 * Every parser entry point that sees user or network text, as `text → unknown`, for the
 * linear-time property test. The whole paste analysis without DNS is one of them.
 */
import { detectInput, detectProvider } from '@/lib/message/detect';
import { addressOf, decodeEncodedWords, parseHeaderSection, splitMessage } from '@/lib/message/headers';
import { buildHops, findIp, parseDate, parseReceived } from '@/lib/message/received';
import { readComment } from '@/lib/message/comment';
import { parseAuthResults, tokenize } from '@/lib/message/authres';
import { findEntry } from '@/lib/message/entry';
import { explainHops } from '@/lib/message/explain';
import { readReceiver } from '@/lib/message/receiver';
import { bulkSenderBasics } from '@/lib/message/bulk-sender';
import { all, first } from '@/lib/message/headers';
import { decodeEncodedWords as mimeDecodeWords, decodeTransferEncoding, headerField, multipartParts, parseContentType, splitHeaderBody } from '@/lib/inbound/mime';
import { findForwardedOriginal } from '@/lib/inbound/forwarded';
import { classifyRecipient } from '@/lib/inbound/token';
import { joinTxt, splitTxt } from '@/lib/dns/txt';
import { parseTagList } from '@/lib/checks/dkim/tag-list';
import { looksLikeDkim, parseDkimRecord } from '@/lib/checks/dkim/parse';
import { splitRecordFields } from '@/lib/checks/record-fields';
import { isSpfRecord, parseRecord } from '@/lib/checks/spf/parse';
import { parseDomainSpec, parseMacroString } from '@/lib/checks/spf/macro';
import { isDmarcRecord, looksLikeBrokenDmarc, parseDmarcRecord } from '@/lib/checks/dmarc/parse';
import { parseBimiRecord, parseDmarcPolicy } from '@/lib/checks/bimi/record';
import { parseStsPolicy } from '@/lib/checks/mta-sts/policy';
import { parseStsRecord } from '@/lib/checks/mta-sts/record';
import { parseTlsRptRecord } from '@/lib/checks/tls-rpt/record';
import { greetingName, parseReplyLine } from '@/lib/smtp/reply';
import { htmlWords } from '@/lib/content/findings';
import { linkHosts } from '@/lib/content/links';
import { parseReport, parseSpamHeader } from '@/lib/content/spamassassin';
import { pasteHints } from '@/lib/message/agreement';

export interface ParserEntry {
  name: string;
  run: (text: string) => unknown;
}

const buf = (s: string) => Buffer.from(s, 'utf8');

/** What analyzeMessage does with a paste before any DNS: detect, split, parse, hops, receiver, findings. */
export function parseMessageText(input: Buffer): unknown {
  const detected = detectInput(input);
  const { head } = splitMessage(detected.raw);
  const { fields } = parseHeaderSection(head);
  const { hops, parsed } = buildHops(all(fields, 'received').map((f) => f.value));
  const receiver = readReceiver(fields, parsed);
  const entry = findEntry(parsed, receiver, addressOf(first(fields, 'return-path')), undefined);
  const findings = explainHops(hops, entry.receivedIndex);
  const bulk = bulkSenderBasics(fields, undefined);
  const subject = first(fields, 'subject');
  const date = first(fields, 'date');
  return { findings, bulk, subject: subject && decodeEncodedWords(subject), date: date && parseDate(date), from: addressOf(first(fields, 'from')) };
}

export const PARSER_ENTRIES: ParserEntry[] = [
  { name: 'detectInput', run: (s) => detectInput(buf(s)) },
  { name: 'splitMessage', run: (s) => splitMessage(buf(s)) },
  { name: 'parseHeaderSection', run: (s) => parseHeaderSection(buf(s)) },
  { name: 'detectProvider', run: (s) => detectProvider([{ key: 'authentication-results', name: 'Authentication-Results', value: s }]) },
  { name: 'addressOf', run: (s) => addressOf(s) },
  { name: 'decodeEncodedWords', run: (s) => decodeEncodedWords(s) },
  { name: 'parseReceived', run: (s) => parseReceived(s) },
  { name: 'buildHops', run: (s) => buildHops([s, s]) },
  { name: 'findIp', run: (s) => findIp(s) },
  { name: 'parseDate', run: (s) => parseDate(s) },
  { name: 'readComment', run: (s) => readComment(s, 0) },
  { name: 'authres.tokenize', run: (s) => tokenize(s) },
  { name: 'parseAuthResults', run: (s) => parseAuthResults(s) },
  { name: 'paste analysis (parse only)', run: (s) => parseMessageText(buf(s)) },
  { name: 'paste analysis, headers prefixed', run: (s) => parseMessageText(buf(`From: a@b.example\nDate: ${s}\nReceived: ${s}\nAuthentication-Results: ${s}\n\n${s}`)) },
  { name: 'mime.splitHeaderBody', run: (s) => splitHeaderBody(buf(s)) },
  { name: 'mime.headerField', run: (s) => headerField(s, 'content-type') },
  { name: 'mime.parseContentType', run: (s) => parseContentType(s) },
  { name: 'mime.multipartParts', run: (s) => multipartParts(buf(s), 'b') },
  { name: 'mime.decodeTransferEncoding base64', run: (s) => decodeTransferEncoding(buf(s), 'base64') },
  { name: 'mime.decodeTransferEncoding qp', run: (s) => decodeTransferEncoding(buf(s), 'quoted-printable') },
  { name: 'mime.decodeEncodedWords', run: (s) => mimeDecodeWords(s) },
  { name: 'findForwardedOriginal', run: (s) => findForwardedOriginal(buf(s)) },
  { name: 'findForwardedOriginal (multipart)', run: (s) => findForwardedOriginal(buf(`Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n${s}\n--b--\n`)) },
  { name: 'classifyRecipient', run: (s) => classifyRecipient(s, 'mxray.localhost') },
  { name: 'joinTxt', run: (s) => joinTxt([s, s]) },
  { name: 'splitTxt', run: (s) => splitTxt(s) },
  { name: 'parseTagList', run: (s) => parseTagList(s) },
  { name: 'looksLikeDkim', run: (s) => looksLikeDkim(s) },
  { name: 'parseDkimRecord', run: (s) => parseDkimRecord(s) },
  { name: 'splitRecordFields', run: (s) => splitRecordFields(s) },
  { name: 'isSpfRecord', run: (s) => isSpfRecord(s) },
  { name: 'spf.parseRecord', run: (s) => parseRecord(s) },
  { name: 'spf.parseRecord v=spf1', run: (s) => parseRecord(`v=spf1 ${s}`) },
  { name: 'parseMacroString', run: (s) => parseMacroString(s, true) },
  { name: 'parseDomainSpec', run: (s) => parseDomainSpec(s) },
  { name: 'isDmarcRecord', run: (s) => isDmarcRecord(s) },
  { name: 'looksLikeBrokenDmarc', run: (s) => looksLikeBrokenDmarc(s) },
  { name: 'parseDmarcRecord', run: (s) => parseDmarcRecord(s) },
  { name: 'parseDmarcRecord v=DMARC1', run: (s) => parseDmarcRecord(`v=DMARC1; ${s}`) },
  { name: 'parseBimiRecord', run: (s) => parseBimiRecord(s) },
  { name: 'parseBimiRecord v=BIMI1', run: (s) => parseBimiRecord(`v=BIMI1; ${s}`) },
  { name: 'bimi.parseDmarcPolicy', run: (s) => parseDmarcPolicy(s) },
  { name: 'parseStsPolicy', run: (s) => parseStsPolicy(s) },
  { name: 'parseStsRecord', run: (s) => parseStsRecord(s) },
  { name: 'parseTlsRptRecord', run: (s) => parseTlsRptRecord(s) },
  { name: 'parseReplyLine', run: (s) => parseReplyLine(s) },
  { name: 'greetingName', run: (s) => greetingName({ code: 220, lines: [s] }) },
  { name: 'htmlWords', run: (s) => htmlWords(s) },
  { name: 'linkHosts (HTML)', run: (s) => linkHosts(s, undefined) },
  { name: 'linkHosts (text)', run: (s) => linkHosts(undefined, s) },
  { name: 'parseReport (spamd)', run: (s) => parseReport(s) },
  { name: 'parseSpamHeader (spamd)', run: (s) => parseSpamHeader(s) },
  { name: 'pasteHints', run: (s) => pasteHints(Buffer.from(s, 'latin1')) },
];
