export { DnsResolver, type MailauthResolver, type ResolverOptions } from './resolver';
export { DnsCache } from './cache';
export { dnsConfigFromEnv, parseServerList, type DnsConfig } from './config';
export { DnsError, describeOutcome, isTransient } from './errors';
export { normalizeDomain, isQueryableName } from './names';
export { normalizeIp, reverseName, expandIpv6 } from './ip';
export type * from './types';
