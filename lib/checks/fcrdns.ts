import type { CheckContext, CheckResult } from './types';

export interface FcrdnsInput {
  ip: string;
  /** The name the server says in HELO/EHLO, if known, to compare with the PTR. */
  heloName?: string;
  domain?: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkFcrdns(_ctx: CheckContext, _input: FcrdnsInput): Promise<CheckResult> {
  return { id: 'fcrdns', status: 'info', title: 'Reverse DNS (FCrDNS)', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
