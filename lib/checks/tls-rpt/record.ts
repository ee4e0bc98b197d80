/**
 * The `_smtp._tls.<domain>` TXT record (RFC 8460 §3):
 *   tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
 *   tlsrpt-version = %s"v=TLSRPTv1"
 *   tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)   ; mailto: or https:
 * Pure: record text in, typed record or the reasons it is invalid out.
 */
import { isExtensionField, splitRecordFields } from '../record-fields';

export interface TlsRptRecord {
  raw: string;
  rua: string[];
  extensions: Record<string, string>;
}

export type TlsRptParse = { ok: true; record: TlsRptRecord } | { ok: false; raw: string; errors: string[]; validRua: string[] };

/** Records that start like a TLS-RPT record; RFC 8460 §3 discards the others. */
export function tlsRptCandidates(txt: string[][]): string[] {
  return txt.map((s) => s.join('')).filter((t) => /^\s*v\s*=\s*tlsrptv1/i.test(t));
}

export function parseTlsRptRecord(raw: string): TlsRptParse {
  const errors: string[] = [];
  if (!raw.startsWith('v=TLSRPTv1')) errors.push(`the record must start with exactly "v=TLSRPTv1" (case-sensitive, no spaces), not "${raw.slice(0, 14)}"`);
  const split = splitRecordFields(raw);
  errors.push(...split.errors);
  const rua: string[] = [];
  const extensions: Record<string, string> = {};
  let sawRua = false;
  for (const field of split.fields) {
    const { name, value } = field;
    if (name === 'rua') {
      if (sawRua) errors.push('"rua=" appears more than once; list all addresses in one rua, separated by commas');
      sawRua = true;
      for (const uri of value.split(',').map((u) => u.trim())) {
        const problem = ruaProblem(uri);
        if (problem) errors.push(problem);
        else rua.push(uri);
      }
    } else if (name === 'v') {
      errors.push('"v=" must come first, only once');
    } else if (!isExtensionField(field)) {
      errors.push(`"${field.text.slice(0, 40)}" is not a valid field`);
    } else {
      extensions[name] = value;
    }
  }
  if (split.count < 2 && !errors.length) errors.push('fields must be separated by ";" (e.g. "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")');
  if (!sawRua) errors.push('the required "rua=" field (where to send reports) is missing');
  if (errors.length > 0) return { ok: false, raw, errors, validRua: rua };
  return { ok: true, record: { raw, rua, extensions } };
}

/**
 * local@domain with a dot inside the domain, as `/^[^@\s]+@[^@\s]+\.[^@\s]+$/` checked it, without
 * that regex's backtracking over every dot of a long domain (quadratic).
 */
function isMailbox(addr: string): boolean {
  const at = addr.indexOf('@');
  if (at <= 0 || addr.indexOf('@', at + 1) >= 0 || /\s/.test(addr)) return false;
  return addr.slice(at + 2, -1).includes('.');
}

/** RFC 8460 §3: each report URI is mailto: (an address) or https: (an upload endpoint). */
export function ruaProblem(uri: string): string | undefined {
  if (uri === '') return 'an empty report address in rua=';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'mailto') {
    const addr = decodeURIComponentSafe(uri.slice(7).split('?')[0]!);
    if (!isMailbox(addr)) return `"${uri.slice(0, 60)}" is not a valid mailto: address`;
    return undefined;
  }
  if (scheme === 'https') {
    try {
      const u = new URL(uri);
      if (!u.hostname.includes('.')) return `"${uri.slice(0, 60)}" has no valid host`;
      return undefined;
    } catch {
      return `"${uri.slice(0, 60)}" is not a valid https: URL`;
    }
  }
  if (!scheme) return `"${uri.slice(0, 60)}" needs a scheme: write mailto:${uri.includes('@') ? uri : 'address@example.com'} or an https:// URL`;
  return `"${uri.slice(0, 60)}" uses ${scheme}:, but reports can only go to mailto: or https: (RFC 8460 §3)`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
