import type { CheckContext, CheckResult } from '../types';

export interface DkimInput {
  domain: string;
  /** Selectors to look up; when empty, a default list of common selectors is probed. */
  selectors?: string[];
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkDkim(_ctx: CheckContext, _input: DkimInput): Promise<CheckResult> {
  return { id: 'dkim', status: 'info', title: 'DKIM', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
