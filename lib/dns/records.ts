import { Packet } from 'dns2';
import { TLSA_TYPE, decodeTlsaRdata, presentTlsa } from './tlsa';
import type { RawResource } from './transport';
import type { DnsRecord, RRType } from './types';

// dns2 knows no TLSA: its number is ours to add (unknown types arrive as raw RDATA bytes).
const CODE_BY_NAME: Record<string, number> = { ...(Packet.TYPE as Record<string, number>), TLSA: TLSA_TYPE };
const NAME_BY_CODE = new Map<number, string>(Object.entries(CODE_BY_NAME).map(([k, v]) => [v, k]));

export function typeCode(type: RRType): number {
  return CODE_BY_NAME[type]!;
}

export function typeName(code: number): string {
  return NAME_BY_CODE.get(code) ?? `TYPE${code}`;
}

export const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/** Convert dns2's resource shape into our plain record (the boundary: nothing past lib/dns sees dns2). */
export function toRecord(r: RawResource): DnsRecord | null {
  const name = r.name.toLowerCase().replace(/\.$/, '');
  const ttl = r.ttl;
  const type = typeName(r.type) as RRType;
  switch (type) {
    case 'A':
    case 'AAAA':
      return r.address ? { type, name, ttl, data: r.address } : null;
    case 'PTR':
    case 'CNAME':
      return r.domain !== undefined ? { type, name, ttl, data: r.domain.replace(/\.$/, '') } : null;
    case 'NS':
      return r.ns !== undefined ? { type, name, ttl, data: r.ns.replace(/\.$/, '') } : null;
    case 'TXT':
    case 'SPF': {
      const d = r.data;
      const strings = Array.isArray(d) ? d.map(String) : typeof d === 'string' ? [d] : [];
      return { type, name, ttl, data: strings };
    }
    case 'MX':
      return r.exchange !== undefined ? { type, name, ttl, data: { exchange: r.exchange.replace(/\.$/, ''), priority: r.priority ?? 0 } } : null;
    case 'TLSA': {
      const data = Buffer.isBuffer(r.data) ? decodeTlsaRdata(r.data) : null;
      return data ? { type, name, ttl, data } : null;
    }
    case 'SOA':
      return { type, name, ttl, data: { primary: r.primary ?? '', admin: r.admin ?? '', serial: r.serial ?? 0, minimum: r.minimum ?? 0 } };
    default:
      return null;
  }
}

/** Short presentation of a record for traces and reports. */
export function presentRecord(rec: DnsRecord): string {
  switch (rec.type) {
    case 'TXT':
    case 'SPF':
      return rec.data.map((s) => JSON.stringify(s)).join(' ');
    case 'MX':
      return `${rec.data.priority} ${rec.data.exchange}`;
    case 'TLSA':
      return presentTlsa(rec.data);
    case 'SOA':
      return `${rec.data.primary} ${rec.data.admin} ${rec.data.serial}`;
    default:
      return rec.data;
  }
}
