import type { CheckContext, CheckResult } from '../types';

export interface DnsblInput {
  ip: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkDnsbl(_ctx: CheckContext, _input: DnsblInput): Promise<CheckResult> {
  return { id: 'dnsbl', status: 'info', title: 'IP blocklists (DNSBL)', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
