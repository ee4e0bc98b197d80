import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 192 random bits as base64url (32 characters): unguessable, safe in a URL path. */
export function newReportId(): string {
  return randomBytes(24).toString('base64url');
}

/** Secret handed to the creating browser; only its hash is stored. */
export function newOwnerToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, hash: string | null | undefined): boolean {
  if (!hash) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const REPORT_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;
