import type { DnsResolver } from './resolver';
import type { DnsOutcome, RRType, SecureAnswer } from './types';

/**
 * What a validating resolver's answer says about a name (RFC 4033 §5, RFC 4035 §4.3):
 * secure: AD set, the chain of trust validated; insecure: an answer without AD (provably unsigned,
 * when the resolver validates at all); bogus: SERVFAIL that turns into an answer when re-asked
 * with CD (validation failed); unknown: no answer either way (timeout, server failure).
 */
export type DnssecState = 'secure' | 'insecure' | 'bogus' | 'unknown';

export interface NameSecurity {
  name: string;
  type: RRType;
  state: DnssecState;
  /** Outcome of the question with DO, and of the CD re-ask after a SERVFAIL. */
  outcome: DnsOutcome;
  cdOutcome?: DnsOutcome;
  /** The answer (the CD one for a bogus name, so callers can show what was published). */
  answer: SecureAnswer;
}

const DEFINITIVE: ReadonlySet<DnsOutcome> = new Set(['NOERROR', 'NODATA', 'NXDOMAIN']);

/** Pure: the state from the DO answer and, after a SERVFAIL, the CD answer. */
export function classifySecurity(first: SecureAnswer, cd?: SecureAnswer): DnssecState {
  if (DEFINITIVE.has(first.outcome)) return first.authenticated ? 'secure' : 'insecure';
  if (first.outcome === 'SERVFAIL' && cd && DEFINITIVE.has(cd.outcome)) return 'bogus';
  return 'unknown';
}

/**
 * Ask name/type with the DO bit; after a SERVFAIL ask again with CD. "insecure" means what it says
 * only if the resolver validates: callers pair this with the resolver self-test.
 */
export async function lookupSecurity(dns: DnsResolver, name: string, type: RRType): Promise<NameSecurity> {
  const first = await dns.querySecure(name, type);
  const cd = first.outcome === 'SERVFAIL' ? await dns.querySecure(name, type, { checkingDisabled: true }) : undefined;
  const state = classifySecurity(first, cd);
  return { name: first.name, type, state, outcome: first.outcome, ...(cd ? { cdOutcome: cd.outcome } : {}), answer: state === 'bogus' && cd ? cd : first };
}
