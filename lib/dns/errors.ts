import type { DnsOutcome, RRType } from './types';

/**
 * Error codes follow node's dns module (dns.promises.resolve), because mailauth's resolver contract
 * is that API: ENOTFOUND for NXDOMAIN and ENODATA for NODATA are "none"/void lookups, ETIMEOUT
 * and ESERVFAIL are temperror. Any other code also becomes temperror inside mailauth.
 */
const CODE_BY_OUTCOME: Record<Exclude<DnsOutcome, 'NOERROR'>, string> = {
  NXDOMAIN: 'ENOTFOUND',
  NODATA: 'ENODATA',
  SERVFAIL: 'ESERVFAIL',
  REFUSED: 'EREFUSED',
  FORMERR: 'EFORMERR',
  TIMEOUT: 'ETIMEOUT',
  NETWORK: 'ECONNREFUSED',
  MALFORMED: 'EBADRESP',
};

export class DnsError extends Error {
  readonly code: string;
  constructor(
    readonly outcome: Exclude<DnsOutcome, 'NOERROR'>,
    readonly qname: string,
    readonly qtype: RRType,
    message?: string,
  ) {
    super(message ?? describeOutcome(outcome, qname, qtype));
    this.name = 'DnsError';
    this.code = CODE_BY_OUTCOME[outcome];
  }
}

/** A sentence a user can read: what the DNS said about this question. */
export function describeOutcome(outcome: DnsOutcome, name: string, type: RRType): string {
  switch (outcome) {
    case 'NOERROR':
      return `${name} has ${type} records`;
    case 'NODATA':
      return `${name} exists but has no ${type} record`;
    case 'NXDOMAIN':
      return `${name} does not exist (NXDOMAIN)`;
    case 'SERVFAIL':
      return `the DNS server failed while looking up ${type} ${name} (SERVFAIL): often a broken or unreachable authoritative server, or a DNSSEC failure`;
    case 'REFUSED':
      return `the DNS server refused to answer ${type} ${name} (REFUSED)`;
    case 'FORMERR':
      return `the DNS server rejected the query for ${type} ${name} as malformed (FORMERR)`;
    case 'TIMEOUT':
      return `no answer for ${type} ${name} before the deadline (timeout)`;
    case 'NETWORK':
      return `could not reach the DNS server to look up ${type} ${name}`;
    case 'MALFORMED':
      return `the answer for ${type} ${name} could not be decoded`;
  }
}

/** Outcomes that mean "could not test" rather than a property of the domain. */
export function isTransient(outcome: DnsOutcome): boolean {
  return outcome === 'SERVFAIL' || outcome === 'TIMEOUT' || outcome === 'NETWORK' || outcome === 'REFUSED' || outcome === 'MALFORMED' || outcome === 'FORMERR';
}
