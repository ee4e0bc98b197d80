/** Record types mxray asks for. SPF (type 99) is only used by the RFC 7208 suite's "Selecting records" scenario. */
export type RRType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'PTR' | 'CNAME' | 'NS' | 'SOA' | 'SPF' | 'CAA' | 'SRV' | 'TLSA';

/**
 * What happened to one question. Checks must tell these apart: NXDOMAIN ("the name does not exist")
 * is a finding about the user's DNS, TIMEOUT and SERVFAIL are "could not test", never "fail".
 */
export type DnsOutcome =
  | 'NOERROR' // at least one record of the asked type
  | 'NODATA' // the name exists, but has no record of this type
  | 'NXDOMAIN'
  | 'SERVFAIL'
  | 'REFUSED'
  | 'FORMERR'
  | 'TIMEOUT'
  | 'NETWORK' // socket error: resolver unreachable, connection refused, ...
  | 'MALFORMED'; // the answer could not be decoded

export interface MxData {
  exchange: string;
  priority: number;
}

export interface SoaData {
  primary: string;
  admin: string;
  serial: number;
  minimum: number;
}

/** RFC 6698 §2.1: one TLSA record (DANE), certificate association data as lower-case hex. */
export interface TlsaData {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}

/** One resource record, converted from dns2's packet shape at the boundary. */
export type DnsRecord =
  | { type: 'A' | 'AAAA' | 'PTR' | 'CNAME' | 'NS'; name: string; ttl: number; data: string }
  | { type: 'TXT' | 'SPF'; name: string; ttl: number; data: string[] }
  | { type: 'MX'; name: string; ttl: number; data: MxData }
  | { type: 'SOA'; name: string; ttl: number; data: SoaData }
  | { type: 'CAA' | 'SRV'; name: string; ttl: number; data: string }
  | { type: 'TLSA'; name: string; ttl: number; data: TlsaData };

export interface DnsAnswer {
  name: string;
  type: RRType;
  outcome: DnsOutcome;
  /** Records of the asked type (after following CNAMEs the upstream included). */
  records: DnsRecord[];
  /** CNAME chain the answer went through, in order, e.g. ["sel._domainkey.x", "sel.dkim.esp.net"]. */
  cnames: string[];
  /** Smallest TTL in the answer (or negative-cache TTL from SOA), seconds. */
  ttl: number;
  /** Human message for non-NOERROR outcomes. */
  message?: string;
}

/**
 * An answer to a question sent with the DNSSEC OK bit (RFC 4035 §3.2.1): `authenticated` is the
 * resolver's AD bit, set only when it validated the whole chain (RFC 4035 §3.2.3).
 */
export interface SecureAnswer extends DnsAnswer {
  authenticated: boolean;
  /** The question was re-asked with CD (checking disabled): the resolver skipped validation. */
  checkingDisabled: boolean;
}

/** One entry of the per-check DNS trace that is stored with every report. */
export interface QueryTrace {
  name: string;
  type: RRType;
  server: string;
  protocol: 'udp' | 'tcp' | 'udp→tcp';
  rcode: string;
  outcome: DnsOutcome;
  answers: string[];
  ms: number;
  attempts: number;
  startedAtMs: number;
  /** DNSSEC header bits of the question ("do", "do+cd") and whether AD came back; absent for plain questions. */
  dnssec?: { flags: 'do' | 'do+cd'; ad: boolean };
}

export interface DnsServerAddress {
  host: string;
  port: number;
}

export interface DnsStats {
  /** Questions actually sent upstream (one per distinct name/type, retries not counted). */
  queries: number;
  /** Packets sent including retries and TCP fallbacks. */
  packets: number;
  cacheHits: number;
  inflightHits: number;
  timeouts: number;
  totalMs: number;
}
