import type { CheckContext, CheckResult } from './types';

export interface MtaStsInput {
  domain: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkMtaSts(_ctx: CheckContext, _input: MtaStsInput): Promise<CheckResult> {
  return { id: 'mta-sts', status: 'info', title: 'MTA-STS', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
