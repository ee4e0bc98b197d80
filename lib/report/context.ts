import { DnsCache } from '../dns/cache';
import { dnsConfigFromEnv, type DnsConfig } from '../dns/config';
import { DnsResolver } from '../dns/resolver';
import { DEFAULT_LIMITS, type CheckContext, type CheckLimits } from '../checks/types';

// Shared across checks in one process so a second check within the TTL asks nothing again.
const g = globalThis as unknown as { __mxrayDnsCache?: DnsCache };
export function sharedDnsCache(): DnsCache {
  g.__mxrayDnsCache ??= new DnsCache();
  return g.__mxrayDnsCache;
}

export interface ContextOptions {
  dns?: DnsConfig;
  cache?: DnsCache | null;
  /** Bypass cached answers ("re-check now"). */
  fresh?: boolean;
  limits?: Partial<CheckLimits>;
  now?: Date;
}

export function createCheckContext(opts: ContextOptions = {}): CheckContext {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const cache = opts.cache === null ? undefined : (opts.cache ?? sharedDnsCache());
  const dns = new DnsResolver(opts.dns ?? dnsConfigFromEnv(), { cache, fresh: opts.fresh, maxQuestions: limits.maxDnsQuestions });
  return { dns, limits, now: opts.now ?? new Date() };
}
