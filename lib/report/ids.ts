import { createHash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

const ID_BYTES = 24;
// One call into the CSPRNG per 128 ids instead of one per id (as crypto.randomUUID caches its
// entropy): the SMTP listener makes an id per received message. Each id still gets its own bytes.
const pool = Buffer.allocUnsafe(ID_BYTES * 128);
let poolOffset = pool.length;

/** 192 random bits as base64url (32 characters): unguessable, safe in a URL path. */
export function newReportId(): string {
  if (poolOffset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return id;
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
