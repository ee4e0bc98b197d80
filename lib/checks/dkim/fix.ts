import type { DkimKeyRecord } from './parse';

/**
 * The exact records a user should publish. Pure string building; the check puts them into
 * CheckResult.fix (split into ≤255-byte strings there).
 */

/** A template for a new key: the user pastes the public key their signer generated. */
export function keyTemplate(selector: string, keyType: string): string {
  return keyType === 'ed25519'
    ? `v=DKIM1; k=ed25519; p=<base64 Ed25519 public key for selector ${selector}>`
    : `v=DKIM1; k=rsa; p=<public key from ${selector}.txt>`;
}

/**
 * The same key with what is wrong around it removed: v=DKIM1 first, no t=y, sha256 allowed,
 * no restrictive s= or g=. Keeps the user's key and other flags.
 */
export function correctedRecord(r: DkimKeyRecord): string {
  const parts = ['v=DKIM1', `k=${r.keyType}`];
  // RFC 8301 §3.1: sha1 must not be used; an h= list only needs sha256.
  if (r.hashes) parts.push('h=sha256');
  const flags = r.flags.filter((f) => f !== 'y');
  if (flags.length) parts.push(`t=${flags.join(':')}`);
  if (r.services.length && !r.services.includes('*') && r.services.includes('email')) parts.push(`s=${r.services.join(':')}`);
  parts.push(`p=${r.publicKey}`);
  return parts.join('; ');
}
