import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { joinTxt } from '../../dns/txt';
import type { CheckContext } from '../types';
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
  /** The authorisation name would exceed 253 characters: no receiver can confirm it (RFC 9990 §4 step 4). */
  tooLong?: boolean;
}

/** Bound on distinct destination domains checked per record (each is one DNS question). */
export const MAX_EXTERNAL_DOMAINS = 10;

/**
 * RFC 9990 §4 (as RFC 7489 §7.1 before it): when a report address is outside the Organizational
 * Domain where the policy was found, a receiver looks up TXT <policy domain>._report._dmarc.<host>
 * and needs a v=DMARC1 record there (a wildcard *._report._dmarc.<host> answers for every domain);
 * without one, the reports are not sent. A name too long for DNS can never be authorised (step 4).
 * All destinations are checked in parallel.
 */
export async function checkExternalDestinations(ctx: CheckContext, policyDomain: string, orgDomain: string, uris: { tag: 'rua' | 'ruf'; uri: ReportUri }[]): Promise<ExternalDestination[]> {
  const external = uris.filter((u) => u.uri.domain && !withinOrganization(u.uri.domain, orgDomain));
  const domains = [...new Set(external.map((u) => u.uri.domain!))].slice(0, MAX_EXTERNAL_DOMAINS);
  type Answer = { name: string; authorised: boolean; outcome: DnsOutcome; tooLong: boolean };
  const answers = new Map<string, Answer>(
    await Promise.all(
      domains.map(async (d): Promise<[string, Answer]> => {
        const name = `${policyDomain}._report._dmarc.${d}`;
        if (name.length > 253) return [d, { name, authorised: false, outcome: 'NXDOMAIN', tooLong: true }];
        const a = await ctx.dns.query(name, 'TXT');
        const ok = a.records.some((r) => r.type === 'TXT' && isDmarcRecord(joinTxt(r.data)));
        return [d, { name, authorised: ok, outcome: a.outcome, tooLong: false }];
      }),
    ),
  );
  return external.flatMap((u) => {
    const a = answers.get(u.uri.domain!);
    return a ? [{ uri: u.uri.uri, tag: u.tag, domain: u.uri.domain!, name: a.name, authorised: a.authorised, outcome: a.outcome, ...(a.tooLong ? { tooLong: true } : {}) }] : [];
  });
}

/**
 * Is `host` inside the Organizational Domain `org`? Under the tree walk a host's own Organizational
 * Domain is always `host` or one of its parents, so a host outside `org` can never share it; one
 * inside is treated as the same organization without walking it (a psd=n record between them
 * could split it off, which would only add a lookup a receiver makes, never remove one we show).
 */
export function withinOrganization(host: string, org: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === org || h.endsWith(`.${org}`);
}

export function isUnknown(d: ExternalDestination): boolean {
  return !d.authorised && isTransient(d.outcome);
}
