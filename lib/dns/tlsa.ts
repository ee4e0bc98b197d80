import type { TlsaData } from './types';

/** RFC 6698 §2.1 and RFC 7218: the record type number, which dns2 has no name or decoder for. */
export const TLSA_TYPE = 52;

/**
 * Decode TLSA RDATA (RFC 6698 §2.1): usage, selector and matching type octets, then the
 * certificate association data. One pass over the bytes; null when the three fixed octets are
 * missing (the record cannot be read at all). What the fields mean is judged by the DANE check.
 */
export function decodeTlsaRdata(rdata: Uint8Array): TlsaData | null {
  if (rdata.length < 3) return null;
  return { usage: rdata[0]!, selector: rdata[1]!, matchingType: rdata[2]!, data: Buffer.from(rdata.subarray(3)).toString('hex') };
}

/** Presentation form, as in a zone file: "3 1 1 ab12…". */
export function presentTlsa(t: TlsaData): string {
  return `${t.usage} ${t.selector} ${t.matchingType} ${t.data || '-'}`;
}
