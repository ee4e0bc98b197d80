import { isQueryableName } from './names';
import { lookupSecurity, type NameSecurity } from './dnssec';
import type { DnsResolver } from './resolver';

/**
 * "Does the configured resolver validate DNSSEC at all?" A resolver that does not never sets AD,
 * so every signed domain would look unsigned: without this test "insecure" could not be told apart
 * from "cannot tell". Two probes: a name whose signatures are deliberately broken must fail
 * (SERVFAIL), and a signed name must come back with AD.
 */
export interface ResolverValidation {
  /** true: validates; false: does not; undefined: the probes got no usable answer. */
  validates: boolean | undefined;
  detail: string;
  bogusProbe: { name: string; state: NameSecurity['state']; outcome: string };
  secureProbe: { name: string; state: NameSecurity['state']; outcome: string };
  checkedAt: string;
}

export const DEFAULT_BOGUS_PROBE = 'dnssec-failed.org';
export const DEFAULT_SECURE_PROBE = 'ietf.org';
/** A verdict holds this long per resolver setting; "could not tell" is retried sooner. */
const KNOWN_TTL_MS = 10 * 60_000;
const UNKNOWN_TTL_MS = 60_000;

export interface ProbeNames {
  bogus: string;
  secure: string;
}

function probeName(variable: string, fallback: string): string {
  const raw = (process.env[variable] ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (raw === '') return fallback;
  if (!isQueryableName(raw)) throw new Error(`${variable} must be a DNS name (got "${raw.slice(0, 60)}")`);
  return raw;
}

/** MXRAY_DNSSEC_BOGUS_PROBE and MXRAY_DNSSEC_SECURE_PROBE, or the public defaults. */
export function probeNamesFromEnv(): ProbeNames {
  return { bogus: probeName('MXRAY_DNSSEC_BOGUS_PROBE', DEFAULT_BOGUS_PROBE), secure: probeName('MXRAY_DNSSEC_SECURE_PROBE', DEFAULT_SECURE_PROBE) };
}

/** Pure verdict from the two probes. */
export function judgeValidation(bogus: NameSecurity, secure: NameSecurity): Pick<ResolverValidation, 'validates' | 'detail'> {
  if (bogus.state === 'insecure' || bogus.state === 'secure') {
    return { validates: false, detail: `the resolver answered ${bogus.name}, whose DNSSEC signatures are deliberately broken (${bogus.outcome}), instead of failing it` };
  }
  if (secure.state === 'insecure') {
    return { validates: false, detail: `the resolver answered the signed name ${secure.name} without the AD bit` };
  }
  if (bogus.state === 'bogus' && secure.state === 'secure') return { validates: true, detail: `the resolver refused the broken ${bogus.name} and validated ${secure.name}` };
  if (secure.state === 'secure') return { validates: true, detail: `the resolver validated ${secure.name} (the broken-name probe ${bogus.name} gave ${bogus.outcome})` };
  return { validates: undefined, detail: `the self-test got no usable answer (${bogus.name}: ${bogus.outcome}, ${secure.name}: ${secure.outcome})` };
}

const g = globalThis as unknown as { __mxrayDnssecSelfTest?: Map<string, { at: number; result: Promise<ResolverValidation> }> };

/** Run (or reuse) the self-test for this resolver's servers and probe names. Never throws past its probe-name setting. */
export function resolverValidation(dns: DnsResolver, names: ProbeNames = probeNamesFromEnv()): Promise<ResolverValidation> {
  const memo = (g.__mxrayDnssecSelfTest ??= new Map());
  const key = [dns.config.servers.map((s) => `${s.host}:${s.port}`).join(','), names.bogus, names.secure].join('|');
  const now = Date.now();
  const hit = memo.get(key);
  if (hit && now - hit.at < KNOWN_TTL_MS) return hit.result;
  const result = (async (): Promise<ResolverValidation> => {
    const [bogus, secure] = await Promise.all([lookupSecurity(dns, names.bogus, 'A'), lookupSecurity(dns, names.secure, 'A')]);
    const verdict = judgeValidation(bogus, secure);
    if (verdict.validates === undefined) setTimeout(() => memo.get(key)?.at === now && memo.delete(key), UNKNOWN_TTL_MS).unref();
    return { ...verdict, bogusProbe: { name: bogus.name, state: bogus.state, outcome: bogus.outcome }, secureProbe: { name: secure.name, state: secure.state, outcome: secure.outcome }, checkedAt: new Date(now).toISOString() };
  })();
  memo.set(key, { at: now, result });
  if (memo.size > 50) memo.delete(memo.keys().next().value!);
  return result;
}

/** Forget every cached self-test (tests; a changed resolver setting gets its own key anyway). */
export function clearResolverValidation(): void {
  g.__mxrayDnssecSelfTest?.clear();
}
