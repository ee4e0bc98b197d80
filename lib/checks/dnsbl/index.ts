import { checkTarget } from '../../net/guard';
import { normalizeIp } from '../../dns/ip';
import type { CheckContext, CheckResult, Finding } from '../types';
import { dnsblConfigFromEnv, type DnsblConfig } from './config';
import { configErrorCheck, sweepToCheck } from './report';
import { sweepIp } from './sweep';
import type { SweepResult } from './types';

export interface DnsblInput {
  ip: string;
  /** Zones and deadline; defaults to the environment (MXRAY_DNSBL_*). */
  config?: DnsblConfig;
}

const TITLE = 'IP blocklists (DNSBL)';
const TEST_POINTS = new Set(['127.0.0.2', '127.0.0.1', '::ffff:7f00:2', '::ffff:7f00:1']);

/** Is `ip` on the configured DNS blocklists? All zones are asked at once, each with its own deadline. */
export async function checkDnsbl(ctx: CheckContext, input: DnsblInput): Promise<CheckResult<SweepResult> | CheckResult> {
  const ip = normalizeIp(input.ip);
  if (!ip.ok) return configErrorCheck('dnsbl', TITLE, ip.error);
  let config: DnsblConfig;
  try {
    config = input.config ?? dnsblConfigFromEnv();
  } catch (e) {
    return configErrorCheck('dnsbl', TITLE, (e as Error).message);
  }
  const extra: Finding[] = [];
  // DNS lookups only: no connection is made, so a special address is looked up (the RFC 5782 test
  // points are how a user self-tests the lists) but flagged as never being listed for real.
  if (!checkTarget(ip.ip, false).allowed && !TEST_POINTS.has(ip.ip)) {
    extra.push({ code: 'dnsbl.special-address', severity: 'info', detail: `${ip.ip} is not a public address; no blocklist lists it.` });
  }
  const sweep = await sweepIp(ctx.dns, ip.ip, { zones: config.zones, deadlineMs: config.deadlineMs, dqsKey: config.dqsKey });
  return sweepToCheck('dnsbl', TITLE, sweep, extra);
}

export { dnsblConfigFromEnv, type DnsblConfig } from './config';
export { sweepIp, sweepDomain } from './sweep';
export { DEFAULT_ZONES } from './zones';
export type { DnsblZone, ZoneListing, SweepResult, ListingStatus } from './types';
