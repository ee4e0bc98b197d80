import { randomBytes } from 'node:crypto';

/**
 * Test-address tokens: 128 random bits in lowercase base32 (RFC 4648 §6 alphabet). Lowercase
 * because the local part reaches us in whatever case the sender's MTA chose, and mxray compares
 * addresses case-insensitively; base32 because it has no characters that need quoting (RFC 5321
 * §4.1.2 dot-string).
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_BYTES = 16;
export const TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 8) / 5); // 26
export const TOKEN_PATTERN = /^[a-z2-7]{26}$/;
const LOCAL_PREFIX = 't-';

export function newToken(): string {
  const bytes = randomBytes(TOKEN_BYTES);
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function testAddressFor(token: string, mailDomain: string): string {
  return `${LOCAL_PREFIX}${token}@${mailDomain}`;
}

/**
 * Accepts what a user or URL may carry: the bare token, "t-<token>", or the whole address, in any
 * case. Returns the canonical token, or null when it cannot be one.
 */
export function normalizeToken(input: string): string | null {
  let s = input.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(0, at);
  if (s.startsWith(LOCAL_PREFIX)) s = s.slice(LOCAL_PREFIX.length);
  return TOKEN_PATTERN.test(s) ? s : null;
}

export type RecipientVerdict =
  | { kind: 'test-address'; token: string }
  /** RFC 5321 §4.5.1: every SMTP server must accept mail for postmaster (with or without our domain). */
  | { kind: 'postmaster' }
  /** Our domain, but not a well-formed test address local part. */
  | { kind: 'unknown-local' }
  /** Not our domain: accepting it would make mxray an open relay. */
  | { kind: 'foreign-domain'; domain: string };

/** Classifies an RCPT TO address against the listener's mail domain (case-insensitive, RFC 5321 §2.4 for the domain). */
export function classifyRecipient(address: string, mailDomain: string): RecipientVerdict {
  const at = address.lastIndexOf('@');
  // The local part "postmaster" is case-insensitive (RFC 5321 §4.5.1), any other is compared lowercased too.
  if (at < 0) return address.toLowerCase() === 'postmaster' ? { kind: 'postmaster' } : { kind: 'foreign-domain', domain: '' };
  const domain = address.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (domain !== mailDomain.toLowerCase()) return { kind: 'foreign-domain', domain };
  const local = address.slice(0, at).toLowerCase();
  if (local === 'postmaster') return { kind: 'postmaster' };
  if (!local.startsWith(LOCAL_PREFIX)) return { kind: 'unknown-local' };
  const token = local.slice(LOCAL_PREFIX.length);
  return TOKEN_PATTERN.test(token) ? { kind: 'test-address', token } : { kind: 'unknown-local' };
}
