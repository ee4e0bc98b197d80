import type { CheckContext, CheckResult } from '../types';

export interface DomainBlocklistInput {
  domain: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkDomainBlocklists(_ctx: CheckContext, _input: DomainBlocklistInput): Promise<CheckResult> {
  return { id: 'dnsbl-domain', status: 'info', title: 'Domain blocklists', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
