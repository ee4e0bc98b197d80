/**
 * DNS blocklist (DNSBL / RHSBL) zone descriptions and sweep results.
 * RFC 5782 §2 (IP lists: reversed octets or nibbles + zone, A record) and §3 (domain lists).
 */

/** What one return code means for the person whose IP or domain was looked up. */
export type CodeKind =
  | 'listed' // on a blocklist: receivers using it may reject or junk mail
  | 'good' // on an allowlist / good reputation
  | 'neutral' // informational (karma lists, neutral reputation)
  | 'refused' // the list refused to answer this resolver (open/public resolver, volume, missing key)
  | 'error'; // the list answered with an error code (bad query)

export interface ZoneCode {
  /**
   * An IPv4 pattern, one part per octet: a number, `*`, or a range `4-7`.
   * E.g. "127.0.0.2", "127.0.0.4-7", "127.255.255.*", "127.0.*.3".
   */
  code: string;
  kind: CodeKind;
  meaning: string;
}

export interface ZoneBit {
  /** Bit value in the last octet of 127.0.0.x (SURBL/URIBL style multi lists). */
  bit: number;
  kind: CodeKind;
  meaning: string;
}

export interface DnsblZone {
  /** The DNS zone queried, e.g. "zen.spamhaus.org". */
  zone: string;
  /** Display name, e.g. "Spamhaus ZEN". */
  name: string;
  operator: string;
  /** "ip": reversed address + zone; "domain": name + zone. */
  target: 'ip' | 'domain';
  ipv4: boolean;
  ipv6: boolean;
  /** block: a listing hurts; allow: a listing helps; mixed: codes say which. */
  list: 'block' | 'allow' | 'mixed';
  /** What being listed means, in one or two sentences. */
  listingMeans: string;
  /** Where to look up and request removal. */
  delist: string;
  /** UCEPROTECT levels 2 and 3 list whole ranges and networks, not the address itself. */
  scope?: 'address' | 'range' | 'network';
  codes: ZoneCode[];
  /** Multi lists whose last octet is a bitmask (SURBL, URIBL). */
  bits?: ZoneBit[];
  /** How to read a 127.x answer that matches no code: most lists mean "listed"; Spamhaus defines every code. */
  unknownCode?: CodeKind;
  /** Sentence shown when the list refuses a resolver (and what to do). */
  refusalAdvice?: string;
  /** Spamhaus zones are rewritten to <key>.<zone>.dq.spamhaus.net when MXRAY_SPAMHAUS_DQS_KEY is set. */
  dqs?: 'zen' | 'dbl';
  /** RFC 5782 §5 test points; `null` turns a test point off for a list known not to publish it. */
  testPoints?: { listed?: string | null; notListed?: string | null };
  /** Off unless enabled by MXRAY_DNSBL_ENABLE or a zones file. */
  enabled?: boolean;
  /** Where the codes and meanings come from. */
  sources: string[];
}

/** How one zone answered for the target. */
export type ListingStatus = 'listed' | 'clean' | 'refused' | 'timeout' | 'error';

export interface TestPointResult {
  name: string;
  /** What the zone answered: the A records, or the DNS outcome. */
  answer: string[] | string;
  /** ok: behaved as RFC 5782 §5 requires; bad: did not; unknown: no usable answer before the deadline. */
  verdict: 'ok' | 'bad' | 'unknown';
}

export interface ZoneListing {
  zone: string;
  name: string;
  operator: string;
  /** The name actually queried. */
  query: string;
  listed: boolean;
  status: ListingStatus;
  /** A records returned (127.x codes). */
  codes: string[];
  /** What the codes (or the failure) mean. */
  meaning: string;
  /** For a listing: does it hurt (block), help (allow) or neither (neutral)? */
  effect?: 'block' | 'allow' | 'neutral';
  list: DnsblZone['list'];
  scope?: DnsblZone['scope'];
  delist: string;
  /** DNS outcome of the target query (NXDOMAIN, NOERROR, TIMEOUT, ...). */
  outcome: string;
  ms: number;
  testPoints?: { notListed?: TestPointResult; listed?: TestPointResult };
}

export interface SkippedZone {
  zone: string;
  reason: string;
}

export interface SweepResult {
  target: string;
  kind: 'ip' | 'domain';
  listings: ZoneListing[];
  skipped: SkippedZone[];
  deadlineMs: number;
  ms: number;
}
