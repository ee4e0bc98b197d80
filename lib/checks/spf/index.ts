import type { CheckContext, CheckResult } from '../types';

export interface SpfInput {
  domain: string;
  ip?: string;
  sender?: string;
  helo?: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkSpf(_ctx: CheckContext, _input: SpfInput): Promise<CheckResult> {
  return { id: 'spf', status: 'info', title: 'SPF', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
