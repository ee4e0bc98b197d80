/**
 * A resolver that answers as if some records were already published: the what-if run behind every
 * suggested fix. Asked for an overlaid name and type it answers with the suggested records (and,
 * for TXT, the other TXT records already there); everything else goes to the wrapped resolver, so
 * the run sees the same DNS answers as the check it proves, asked once.
 */
import { DnsResolver } from './resolver';
import { splitTxt } from './txt';
import type { DnsAnswer, DnsRecord, RRType } from './types';

/** A record as a fix suggests it (name, type, presentation value). */
export interface OverlayRecord {
  name: string;
  type: string;
  value: string;
  strings?: string[];
}

const TTL = 300;

function norm(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * The version tag a TXT record starts with ("v=spf1", "v=dmarc1", "v=stsv1"): publishing a record
 * with a tag replaces the records with the same tag at that name (there must be only one), and
 * leaves unrelated TXT records (site verifications) alone.
 */
export function txtTag(text: string): string | undefined {
  const m = /^\s*v\s*=\s*([^;\s]+)/i.exec(text);
  return m ? `v=${m[1]!.toLowerCase()}` : undefined;
}

function toRecord(r: OverlayRecord): DnsRecord | undefined {
  const name = norm(r.name);
  switch (r.type.toUpperCase()) {
    case 'TXT':
      return { type: 'TXT', name, ttl: TTL, data: r.strings ?? splitTxt(r.value) };
    case 'A':
    case 'AAAA':
    case 'PTR':
    case 'CNAME':
    case 'NS':
      return { type: r.type.toUpperCase() as 'A', name, ttl: TTL, data: r.type.toUpperCase() === 'PTR' || r.type.toUpperCase() === 'CNAME' || r.type.toUpperCase() === 'NS' ? norm(r.value) : r.value };
    case 'MX': {
      const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(r.value);
      return m ? { type: 'MX', name, ttl: TTL, data: { priority: Number(m[1]), exchange: norm(m[2]!) } } : undefined;
    }
    default:
      return undefined;
  }
}

export class OverlayResolver extends DnsResolver {
  private readonly overlay = new Map<string, DnsRecord[]>();

  constructor(private readonly base: DnsResolver, records: OverlayRecord[]) {
    super(base.config, {});
    for (const r of records) {
      const rec = toRecord(r);
      if (!rec) continue;
      const key = `${rec.name}|${rec.type}`;
      this.overlay.set(key, [...(this.overlay.get(key) ?? []), rec]);
    }
  }

  /** Answers derived from overlaid data must never be stored as if they were real. */
  override get reusableCache(): undefined {
    return undefined;
  }

  override async query(rawName: string, type: RRType): Promise<DnsAnswer> {
    const name = norm(rawName);
    const mine = this.overlay.get(`${name}|${type}`);
    const real = await this.base.query(name, type);
    if (!mine) return real;
    let records: DnsRecord[] = mine;
    if (type === 'TXT' && real.outcome === 'NOERROR') {
      const tags = new Set(mine.map((r) => txtTag((r.data as string[]).join(''))));
      const kept = real.records.filter((r) => r.type === 'TXT' && !tags.has(txtTag(r.data.join(''))) && !tags.has(undefined));
      records = [...kept, ...mine];
    }
    return { name, type, outcome: 'NOERROR', records, cnames: [], ttl: TTL };
  }
}
