import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Decode a DKIM p= value and measure the key. Pure apart from node:crypto's parser.
 *
 * RSA (RFC 6376 §3.6.1): base64 of a DER SubjectPublicKeyInfo; some signers publish the bare
 * PKCS#1 RSAPublicKey instead, which common verifiers also accept, so we accept it too.
 * Ed25519 (RFC 8463 §4.2): base64 of the raw 32-byte public key, not wrapped in SPKI.
 */

export type KeyType = 'rsa' | 'ed25519';

export type KeyInspection =
  | { ok: true; keyType: KeyType; bits: number; encoding: 'spki' | 'pkcs1' | 'raw' }
  | { ok: false; problem: 'not-base64' | 'invalid-key' | 'type-mismatch'; detail: string; keyType?: KeyType };

// RFC 2045 base64: the alphabet, and padding only at the end. FWS inside p= is removed first.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4): SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Remove the folding whitespace RFC 6376 allows inside base64 values. */
export function stripFws(value: string): string {
  return value.replace(/[\s]+/g, '');
}

export function decodeBase64(value: string): Buffer | { error: string } {
  const b64 = stripFws(value);
  if (!BASE64.test(b64)) {
    const bad = b64.replace(/[A-Za-z0-9+/=]/g, '');
    return { error: bad ? `contains characters that are not base64 (${JSON.stringify(bad.slice(0, 10))})` : 'has "=" padding in the middle' };
  }
  if (b64.length % 4 !== 0) return { error: `is ${b64.length} characters long, not a multiple of 4: it looks cut short or mis-padded` };
  return Buffer.from(b64, 'base64');
}

export function inspectKey(declaredType: string, p: string): KeyInspection {
  const decoded = decodeBase64(p);
  if (!Buffer.isBuffer(decoded)) return { ok: false, problem: 'not-base64', detail: `the public key (p=) ${decoded.error}` };
  if (declaredType === 'ed25519') return inspectEd25519(decoded);
  return inspectRsa(decoded);
}

function inspectRsa(der: Buffer): KeyInspection {
  let key: KeyObject | undefined;
  let encoding: 'spki' | 'pkcs1' = 'spki';
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    try {
      key = createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
      encoding = 'pkcs1';
    } catch {
      return { ok: false, problem: 'invalid-key', keyType: 'rsa', detail: `the public key (p=) decodes to ${der.length} bytes that are not an RSA public key (neither SubjectPublicKeyInfo nor PKCS#1): it may be truncated or damaged` };
    }
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return { ok: false, problem: 'type-mismatch', keyType: 'rsa', detail: `the record says k=rsa but p= holds a ${key.asymmetricKeyType ?? 'different'} key` };
  }
  return { ok: true, keyType: 'rsa', bits: key.asymmetricKeyDetails?.modulusLength ?? 0, encoding };
}

function inspectEd25519(raw: Buffer): KeyInspection {
  if (raw.length === 44 && raw.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) {
    return { ok: false, problem: 'invalid-key', keyType: 'ed25519', detail: 'p= holds an Ed25519 key wrapped in SubjectPublicKeyInfo (44 bytes); RFC 8463 §4.2 requires the bare 32-byte key, so verifiers reject it' };
  }
  if (raw.length !== 32) {
    return { ok: false, problem: 'invalid-key', keyType: 'ed25519', detail: `an Ed25519 public key is 32 bytes; p= decodes to ${raw.length} bytes` };
  }
  try {
    createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return { ok: false, problem: 'invalid-key', keyType: 'ed25519', detail: 'p= is 32 bytes but not a valid Ed25519 public key' };
  }
  return { ok: true, keyType: 'ed25519', bits: 256, encoding: 'raw' };
}
