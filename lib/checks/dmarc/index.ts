import type { CheckContext, CheckResult } from '../types';

export interface DmarcInput {
  domain: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkDmarc(_ctx: CheckContext, _input: DmarcInput): Promise<CheckResult> {
  return { id: 'dmarc', status: 'info', title: 'DMARC', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
