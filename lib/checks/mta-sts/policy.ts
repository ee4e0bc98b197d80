/**
 * The MTA-STS policy file (RFC 8461 §3.2): "key: value" lines separated by LF or CRLF.
 * Field names and the version/mode values are case-sensitive (%s in the ABNF).
 */
import { trimWsp } from '../record-fields';
export type StsMode = 'enforce' | 'testing' | 'none';

export interface StsPolicy {
  version: string;
  mode: StsMode;
  mx: string[];
  maxAge: number;
}

export type StsPolicyParse =
  | { ok: true; policy: StsPolicy; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[]; partial: Partial<StsPolicy> };

/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about one year). */
export const MAX_AGE_LIMIT = 31_557_600;

export function parseStsPolicy(text: string): StsPolicyParse {
  const errors: string[] = [];
  const warnings: string[] = [];
  const partial: Partial<StsPolicy> = {};
  const mx: string[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors.push(`line ${i + 1} "${line.slice(0, 40)}" is not a "key: value" line`);
      return;
    }
    const key = line.slice(0, colon);
    const value = trimWsp(line.slice(colon + 1));
    if (key !== key.trim()) {
      errors.push(`line ${i + 1}: no spaces are allowed before the ":" in "${key}"`);
      return;
    }
    if (key !== 'mx' && seen.has(key)) warnings.push(`"${key}" appears more than once; senders use the first`);
    const first = !seen.has(key);
    seen.add(key);
    switch (key) {
      case 'version':
        if (!first) break;
        if (value !== 'STSv1') errors.push(`version must be "STSv1", not "${value.slice(0, 20)}"`);
        partial.version = value;
        break;
      case 'mode':
        if (!first) break;
        if (value !== 'enforce' && value !== 'testing' && value !== 'none') errors.push(`mode must be enforce, testing or none (lower case), not "${value.slice(0, 20)}"`);
        else partial.mode = value;
        break;
      case 'max_age':
        if (!first) break;
        if (!/^\d{1,10}$/.test(value)) errors.push(`max_age must be a whole number of seconds, not "${value.slice(0, 20)}"`);
        else if (Number(value) > MAX_AGE_LIMIT) errors.push(`max_age ${value} is above the maximum of ${MAX_AGE_LIMIT} seconds`);
        else partial.maxAge = Number(value);
        break;
      case 'mx': {
        const pattern = value.toLowerCase().replace(/\.$/, '');
        if (!isMxPattern(pattern)) errors.push(`mx "${value.slice(0, 60)}" is not a host name or "*.domain" pattern`);
        else if (!mx.includes(pattern)) mx.push(pattern);
        break;
      }
      default:
        // RFC 8461 §3.2: unknown fields are ignored; a near-miss of a known one is worth saying.
        if (/^(version|mode|max[-_]?age|mx)$/i.test(key)) warnings.push(`"${key}" is not a field name senders recognise (names are lower case: version, mode, mx, max_age)`);
    }
  });
  if (!seen.has('version')) errors.push('the "version: STSv1" line is missing');
  if (!seen.has('mode')) errors.push('the "mode:" line is missing');
  if (!seen.has('max_age')) errors.push('the "max_age:" line is missing');
  if (partial.mode && partial.mode !== 'none' && mx.length === 0) errors.push(`mode ${partial.mode} needs at least one "mx:" line`);
  partial.mx = mx;
  if (errors.length > 0) return { ok: false, errors, warnings, partial };
  return { ok: true, policy: { version: partial.version!, mode: partial.mode!, mx, maxAge: partial.maxAge! }, warnings };
}

function isMxPattern(p: string): boolean {
  const host = p.startsWith('*.') ? p.slice(2) : p;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l));
}

/**
 * RFC 8461 §4.1: an MX host matches "mx.example.com" exactly (case-insensitive), and
 * "*.example.com" matches exactly one extra leftmost label ("a.example.com", not "a.b.example.com").
 */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (p.startsWith('*.')) {
    const rest = p.slice(1); // ".example.com"
    if (!h.endsWith(rest)) return false;
    const left = h.slice(0, h.length - rest.length);
    return left.length > 0 && !left.includes('.');
  }
  return h === p;
}

/** The first pattern that covers an MX host, if any. */
export function matchingPattern(host: string, patterns: string[]): string | undefined {
  return patterns.find((p) => mxMatchesPattern(host, p));
}

/** The policy file to serve for a list of MX hosts (LF line ends are valid: RFC 8461 §3.2 sts-policy-term). */
export function renderPolicy(mode: StsMode, mxHosts: string[], maxAge: number): string {
  return ['version: STSv1', `mode: ${mode}`, ...mxHosts.map((h) => `mx: ${h}`), `max_age: ${maxAge}`, ''].join('\n');
}
