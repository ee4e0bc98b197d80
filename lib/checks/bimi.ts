import type { CheckContext, CheckResult } from './types';

export interface BimiInput {
  domain: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkBimi(_ctx: CheckContext, _input: BimiInput): Promise<CheckResult> {
  return { id: 'bimi', status: 'info', title: 'BIMI', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
