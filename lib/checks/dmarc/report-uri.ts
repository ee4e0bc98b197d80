import { domainToASCII } from 'node:url';

/**
 * One entry of rua= / ruf= (RFC 7489 §6.4): a URI with an optional "!" size limit.
 *   dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]
 * Receivers send reports by email only (RFC 7489 §6.2 makes mailto the one scheme they must
 * support), so anything else is reported as unusable.
 */
export interface ReportUri {
  uri: string;
  scheme: string;
  /** For mailto: the address and its domain (A-label, lower case). */
  address?: string;
  domain?: string;
  /** Size limit as written after "!", e.g. "10m". */
  maxSize?: string;
  problem?: { code: 'dmarc.uri-invalid' | 'dmarc.uri-not-mailto'; detail: string };
}

const HOST = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)+$/;

export function parseReportUris(value: string): ReportUri[] {
  // URIs are separated by commas with optional WSP around them; literal commas in a URI must be %2C.
  return value.split(',').map((s) => s.trim()).filter(Boolean).map(parseReportUri);
}

export function parseReportUri(raw: string): ReportUri {
  const size = /^(.*)!(\d+[kmgt]?)$/i.exec(raw);
  const uri = size ? size[1]! : raw;
  const maxSize = size ? size[2]!.toLowerCase() : undefined;
  const base = { uri: raw, ...(maxSize ? { maxSize } : {}) };
  if (raw.includes('!') && !size) return { ...base, scheme: '', problem: { code: 'dmarc.uri-invalid', detail: `"${raw}" has a malformed size limit after "!" (write e.g. !10m)` } };
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(uri);
  if (!m) return { ...base, scheme: '', problem: { code: 'dmarc.uri-invalid', detail: `"${raw}" is not a URI; write mailto:address@example.com` } };
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'mailto') {
    return { ...base, scheme, problem: { code: 'dmarc.uri-not-mailto', detail: `"${raw}" uses ${scheme}:, but receivers send DMARC reports only by email (mailto:)` } };
  }
  let addr = m[2]!.split('?')[0]!;
  try {
    addr = decodeURIComponent(addr);
  } catch {
    return { ...base, scheme, problem: { code: 'dmarc.uri-invalid', detail: `"${raw}" has a broken %-escape` } };
  }
  const at = addr.lastIndexOf('@');
  const local = at > 0 ? addr.slice(0, at) : '';
  const host = at > 0 ? addr.slice(at + 1).replace(/\.$/, '') : '';
  if (!local || !host || addr.startsWith('//') || /\s/.test(addr)) {
    return { ...base, scheme, problem: { code: 'dmarc.uri-invalid', detail: `"${raw}" is not a mailto: address (expected mailto:name@example.com)` } };
  }
  const domain = domainToASCII(host.toLowerCase());
  if (!domain || !HOST.test(domain)) {
    return { ...base, scheme, problem: { code: 'dmarc.uri-invalid', detail: `"${raw}": "${host}" is not a valid mail domain` } };
  }
  return { ...base, scheme, address: `${local}@${domain}`, domain };
}
