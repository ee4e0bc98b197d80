import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';

export type NameCheck =
  | { ok: true; name: string; punycode?: { from: string } }
  | { ok: false; error: string };

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/**
 * Validate a domain name typed by a user and bring it to the form we query: lower case, no
 * trailing dot, IDN converted to punycode (and say so). RFC 1035 §2.3.4: labels ≤ 63 octets,
 * name ≤ 253 characters in presentation form. Underscores are allowed (DKIM/DMARC labels).
 */
export function normalizeDomain(input: string): NameCheck {
  const raw = input.trim().replace(/\.$/, '');
  if (raw === '') return { ok: false, error: 'Enter a domain name, e.g. example.com.' };
  if (raw.length > 1024) return { ok: false, error: 'That is far too long to be a domain name (at most 253 characters).' };
  if (/^\[.*\]$/.test(raw) || isIP(raw)) {
    return { ok: false, error: `"${raw}" is an IP address; enter the domain name you send mail from (and the IP in the server IP field).` };
  }
  if (/[\s@/:\\?#]/.test(raw)) {
    const hint = raw.includes('@') ? ' Enter just the part after the @.' : raw.includes('/') ? ' Enter the bare name, without http:// or a path.' : '';
    return { ok: false, error: `"${truncate(raw)}" is not a domain name.${hint}` };
  }
  let name = raw.toLowerCase();
  let punycode: { from: string } | undefined;
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = domainToASCII(name);
    if (!ascii) return { ok: false, error: `"${truncate(raw)}" is not a valid internationalized domain name.` };
    punycode = { from: raw };
    name = ascii;
  }
  if (name.length > 253) return { ok: false, error: `The name is ${name.length} characters long; DNS allows at most 253.` };
  const labels = name.split('.');
  if (labels.length < 2) return { ok: false, error: `"${truncate(raw)}" has no dot; enter a full domain such as example.com.` };
  for (const label of labels) {
    if (label.length === 0) return { ok: false, error: `"${truncate(raw)}" has an empty label (two dots in a row).` };
    if (label.length > 63) return { ok: false, error: `The label "${truncate(label)}" is ${label.length} characters long; DNS allows at most 63.` };
    if (!LABEL.test(label)) return { ok: false, error: `The label "${truncate(label)}" contains characters not allowed in a host name.` };
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return { ok: false, error: `"${truncate(raw)}" ends in a number; top-level domains are never numeric.` };
  return punycode ? { ok: true, name, punycode } : { ok: true, name };
}

/** Looser check for names found in DNS data (SPF targets, MX hosts): only wire limits. */
export function isQueryableName(name: string): boolean {
  const n = name.replace(/\.$/, '');
  if (n.length === 0 || n.length > 253) return false;
  return n.split('.').every((l) => l.length > 0 && l.length <= 63);
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
