import { lookupSecurity } from '../../dns/dnssec';
import { resolverValidation } from '../../dns/dnssec-selftest';
import { parseMxRecords } from '../mx/records';
import type { CheckContext, CheckResult } from '../types';
import { evaluateDnssec, type DnssecData } from './evaluate';

export type { DnssecData, DnssecName } from './evaluate';

/** MX host zones looked at; each is one question (two when it fails). */
const MAX_MX_HOSTS = 10;

/**
 * Is the mail domain signed and does its chain validate, and are its MX hosts' zones signed?
 * Read from the AD bit of the configured (validating) resolver; see lib/dns/dnssec.ts.
 */
export async function checkDnssec(ctx: CheckContext, input: { domain: string }): Promise<CheckResult<DnssecData>> {
  const domain = input.domain.toLowerCase().replace(/\.$/, '');
  // The MX question itself: its AD bit is the domain's state (a signed denial counts when there is
  // no MX), and for a bogus domain the CD answer still names the MX hosts to look at.
  const domainSecurity = await lookupSecurity(ctx.dns, domain, 'MX');
  const set = parseMxRecords(domainSecurity.answer.records.flatMap((r) => (r.type === 'MX' ? [r.data] : [])));
  const names = [...new Set(set.entries.filter((e) => e.kind === 'host').map((e) => e.exchange))].slice(0, MAX_MX_HOSTS);
  const mxHosts = await Promise.all(names.map((h) => lookupSecurity(ctx.dns, h, 'A')));
  // Unauthenticated answers mean "unsigned" only from a resolver that validates: test it then (cached).
  const needed = [domainSecurity, ...mxHosts].some((s) => s.state === 'insecure');
  const validation = needed ? await resolverValidation(ctx.dns) : undefined;
  return evaluateDnssec({ domain, domainSecurity, mxHosts, validation });
}
