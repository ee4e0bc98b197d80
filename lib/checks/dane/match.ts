import { X509Certificate, createHash } from 'node:crypto';
import type { TlsaData } from '../../dns/types';
import { tlsaProblem } from './parse';

/**
 * RFC 6698 §2.1 / RFC 7671: does a TLSA record match the certificate chain a server presented?
 * DANE-EE (3) matches the server's own certificate, DANE-TA (2) a CA certificate the server sent
 * with it. Selector 0 hashes the whole certificate, 1 its SubjectPublicKeyInfo; matching type
 * 0 compares the bytes, 1 SHA-256, 2 SHA-512. Names and expiry do not matter for DANE-EE
 * (RFC 7672 §3.1.1); for DANE-TA the sender also checks the chain and the name, which this does not.
 */
export interface TlsaMatch {
  matched: TlsaData[];
  /** Usable records that were compared. */
  compared: number;
}

function selected(der: Buffer, selector: number): Buffer | undefined {
  if (selector === 0) return der;
  try {
    return new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
}

function associationData(der: Buffer, selector: number, matchingType: number): string | undefined {
  const bytes = selected(der, selector);
  if (!bytes) return undefined;
  if (matchingType === 0) return bytes.toString('hex');
  return createHash(matchingType === 1 ? 'sha256' : 'sha512').update(bytes).digest('hex');
}

/** Chain as presented, leaf first. */
export function matchTlsa(records: TlsaData[], chain: Buffer[]): TlsaMatch {
  const usable = records.filter((t) => tlsaProblem(t) === undefined);
  const matched = usable.filter((t) => {
    const candidates = t.usage === 3 ? chain.slice(0, 1) : chain.slice(1);
    return candidates.some((der) => associationData(der, t.selector, t.matchingType) === t.data.toLowerCase());
  });
  return { matched, compared: usable.length };
}

/** The DANE-EE record (3 1 1) that would match this leaf certificate's public key. */
export function suggestedTlsa(leaf: Buffer): TlsaData | undefined {
  const data = associationData(leaf, 1, 1);
  return data ? { usage: 3, selector: 1, matchingType: 1, data } : undefined;
}
