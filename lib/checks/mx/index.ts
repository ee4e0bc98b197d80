import type { DnsResolver } from '../../dns/resolver';
import type { DnsAnswer } from '../../dns/types';
import type { CheckContext, CheckResult, RecordView } from '../types';
import { evaluateMx, type AddressLookup, type MxData } from './evaluate';
import { parseMxRecords, spfSaysSending } from './records';

export type { MxData, MxHost, MxProblem } from './evaluate';

export interface MxInput {
  domain: string;
  /**
   * Whether the domain sends mail (decides if a null MX is a problem). When omitted, the domain's
   * SPF record decides: one that authorises anything means it sends.
   */
  sending?: boolean;
}

/** MX hosts in preference order with their addresses: can the domain receive mail (and bounces)? */
export async function checkMx(ctx: CheckContext, input: MxInput): Promise<CheckResult<MxData>> {
  const domain = input.domain.toLowerCase().replace(/\.$/, '');
  const [mx, txt] = await Promise.all([ctx.dns.query(domain, 'MX'), input.sending === undefined ? ctx.dns.query(domain, 'TXT') : undefined]);
  const set = parseMxRecords(mx.records.flatMap((r) => (r.type === 'MX' ? [r.data] : [])));
  const records: RecordView[] = mx.records.flatMap((r) => (r.type === 'MX' ? [{ name: r.name, type: 'MX', value: `${r.data.priority} ${r.data.exchange || '.'}`, ttl: r.ttl }] : []));
  const sending = input.sending ?? (txt && txt.outcome === 'NOERROR' ? spfSaysSending(txt.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []))) : undefined);

  // Every host's A and AAAA at once; the resolver de-duplicates repeated names.
  const names = [...new Set(set.entries.filter((e) => e.kind === 'host').map((e) => e.exchange))];
  const lookups = new Map(await Promise.all(names.map(async (name) => [name, await addressesOf(ctx.dns, name)] as const)));
  const implicit = mx.outcome === 'NODATA' || (mx.outcome === 'NOERROR' && set.entries.length === 0) ? await addressesOf(ctx.dns, domain) : undefined;

  return evaluateMx({ domain, mx: { outcome: mx.outcome, message: mx.message }, records, set, lookups, implicit, sending });
}

async function addressesOf(dns: DnsResolver, name: string): Promise<{ A: AddressLookup; AAAA: AddressLookup }> {
  const [a, aaaa] = await Promise.all([dns.query(name, 'A'), dns.query(name, 'AAAA')]);
  return { A: toLookup(a), AAAA: toLookup(aaaa) };
}

function toLookup(answer: DnsAnswer): AddressLookup {
  return { outcome: answer.outcome, addresses: answer.records.flatMap((r) => (r.type === answer.type ? [r.data as string] : [])), cnames: answer.cnames };
}
