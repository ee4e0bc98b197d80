/**
 * "Publish" a fix's records in the test DNS server the way a user would in their zone (and their
 * hoster in the reverse zone): a TXT record replaces the records with the same v= tag at that
 * name and leaves the others; A, AAAA and PTR replace that name's records of the type.
 */
import { txtTag } from '@/lib/dns/overlay';
import type { FixRecord } from '@/lib/checks/types';
import type { NameData, TestDnsServer, TxtValue } from './dns-server';

export function publishRecords(dns: TestDnsServer, records: FixRecord[]): void {
  for (const r of records) {
    const name = r.name.toLowerCase().replace(/\.$/, '');
    const data: NameData = { ...dns.get(name) };
    const value = r.value.replace(/\.$/, '');
    switch (r.type) {
      case 'TXT': {
        const tag = txtTag(r.value);
        const joined = (t: TxtValue) => (Array.isArray(t) ? t.join('') : t);
        data.TXT = [...(data.TXT ?? []).filter((t) => tag === undefined || txtTag(joined(t)) !== tag), r.strings ?? r.value];
        break;
      }
      case 'A':
      case 'AAAA':
      case 'PTR':
        data[r.type] = [value];
        break;
      default:
        throw new Error(`publishRecords: ${r.type} records are not supported by the test zone helper`);
    }
    dns.set(name, data);
  }
}
