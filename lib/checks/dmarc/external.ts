import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { joinTxt } from '../../dns/txt';
import type { CheckContext } from '../types';
import { sameOrganization } from './org-domain';
import { isDmarcRecord } from './parse';
import type { ReportUri } from './report-uri';

/** One rua/ruf address outside the policy's organization, and whether it agreed to take reports. */
export interface ExternalDestination {
  uri: string;
  tag: 'rua' | 'ruf';
  domain: string;
  /** The name the destination must publish: <policy domain>._report._dmarc.<destination>. */
  name: string;
  authorised: boolean;
  outcome: DnsOutcome;
}

/** Bound on distinct destination domains checked per record (each is one DNS question). */
export const MAX_EXTERNAL_DOMAINS = 10;

/**
 * RFC 7489 §7.1: before sending reports to a domain outside the policy's Organizational Domain, a
 * receiver looks up TXT <policy domain>._report._dmarc.<destination host> and needs a v=DMARC1
 * record there; without one, the reports are not sent. All destinations are checked in parallel.
 */
export async function checkExternalDestinations(ctx: CheckContext, policyDomain: string, uris: { tag: 'rua' | 'ruf'; uri: ReportUri }[]): Promise<ExternalDestination[]> {
  const external = uris.filter((u) => u.uri.domain && !sameOrganization(policyDomain, u.uri.domain));
  const domains = [...new Set(external.map((u) => u.uri.domain!))].slice(0, MAX_EXTERNAL_DOMAINS);
  const answers = new Map(
    await Promise.all(
      domains.map(async (d) => {
        const name = `${policyDomain}._report._dmarc.${d}`;
        const a = await ctx.dns.query(name, 'TXT');
        const ok = a.records.some((r) => r.type === 'TXT' && isDmarcRecord(joinTxt(r.data)));
        return [d, { name, authorised: ok, outcome: a.outcome }] as const;
      }),
    ),
  );
  return external.flatMap((u) => {
    const a = answers.get(u.uri.domain!);
    return a ? [{ uri: u.uri.uri, tag: u.tag, domain: u.uri.domain!, name: a.name, authorised: a.authorised, outcome: a.outcome }] : [];
  });
}

export function isUnknown(d: ExternalDestination): boolean {
  return !d.authorised && isTransient(d.outcome);
}
