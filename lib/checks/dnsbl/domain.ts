import type { CheckContext, CheckResult } from '../types';
import { dnsblConfigFromEnv, type DnsblConfig } from './config';
import { configErrorCheck, sweepToCheck } from './report';
import { sweepDomain } from './sweep';
import type { SweepResult } from './types';

export interface DomainBlocklistInput {
  domain: string;
  config?: DnsblConfig;
}

const TITLE = 'Domain blocklists';

/** Is the domain (its registered domain) on Spamhaus DBL, SURBL, URIBL and the other domain lists? */
export async function checkDomainBlocklists(ctx: CheckContext, input: DomainBlocklistInput): Promise<CheckResult<SweepResult> | CheckResult> {
  let config: DnsblConfig;
  try {
    config = input.config ?? dnsblConfigFromEnv();
  } catch (e) {
    return configErrorCheck('dnsbl-domain', TITLE, (e as Error).message);
  }
  const sweep = await sweepDomain(ctx.dns, input.domain, { zones: config.zones, deadlineMs: config.deadlineMs, dqsKey: config.dqsKey });
  return sweepToCheck('dnsbl-domain', TITLE, sweep);
}
