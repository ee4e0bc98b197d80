import type { CheckContext, CheckResult } from './types';

export interface TlsRptInput {
  domain: string;
}

/** Placeholder until the real check lands: reports "not implemented yet" as info. */
export async function checkTlsRpt(_ctx: CheckContext, _input: TlsRptInput): Promise<CheckResult> {
  return { id: 'tls-rpt', status: 'info', title: 'TLS-RPT', summary: 'This check is not implemented yet.', findings: [], records: [] };
}
