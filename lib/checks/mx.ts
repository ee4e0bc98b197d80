import type { CheckContext, CheckResult } from './types';

export interface MxInput {
  domain: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkMx(_ctx: CheckContext, _input: MxInput): Promise<CheckResult> {
  return { id: 'mx', status: 'info', title: 'MX (receiving mail)', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
