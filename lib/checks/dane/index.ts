import { lookupSecurity } from '../../dns/dnssec';
import { resolverValidation } from '../../dns/dnssec-selftest';
import type { DnsResolver } from '../../dns/resolver';
import { parseMxRecords } from '../mx/records';
import type { CheckContext, CheckResult } from '../types';
import { evaluateDane, type DaneData, type DaneHostFacts } from './evaluate';
import { tlsaName } from './parse';

export type { DaneData, DaneHost } from './evaluate';

/** MX hosts looked at; more is unusual, and each costs a few questions. */
export const MAX_DANE_HOSTS = 10;

/** The TLSA records of one MX host and the DNSSEC state of them and of its address. */
export async function daneHostFacts(dns: DnsResolver, host: string): Promise<DaneHostFacts> {
  const [tlsa, address] = await Promise.all([lookupSecurity(dns, tlsaName(host), 'TLSA'), lookupSecurity(dns, host, 'A')]);
  return { host, tlsa, address };
}

/** RFC 7672: TLSA records at _25._tcp.<mx> for each MX host, and whether DNSSEC makes them count. */
export async function checkDane(ctx: CheckContext, input: { domain: string }): Promise<CheckResult<DaneData>> {
  const domain = input.domain.toLowerCase().replace(/\.$/, '');
  const mx = await ctx.dns.query(domain, 'MX');
  const set = parseMxRecords(mx.records.flatMap((r) => (r.type === 'MX' ? [r.data] : [])));
  const names = [...new Set(set.entries.filter((e) => e.kind === 'host').map((e) => e.exchange))].slice(0, MAX_DANE_HOSTS);
  const hosts = await Promise.all(names.map((h) => daneHostFacts(ctx.dns, h)));
  // An answer without AD means "unsigned" only if the resolver validates at all: ask it then (cached).
  const unauthenticated = hosts.some((h) => h.tlsa.state === 'insecure' || h.address.state === 'insecure');
  const validation = unauthenticated ? await resolverValidation(ctx.dns) : undefined;
  return evaluateDane({ domain, mx: { outcome: mx.outcome, message: mx.message }, hosts, validation });
}
