/**
 * SPF evaluated as it would be with one suggested record published: mailauth's evaluator (the one
 * verify.ts uses) with a resolver that answers the domain's TXT question with the suggested record
 * and asks today's DNS everything else. Deliberately one small function with plain inputs, so the
 * general what-if overlay of lib/report can replace it without touching the callers.
 */
import { spf } from 'mailauth';
import type { CheckContext } from '../checks/types';
import { splitTxt } from '../dns/txt';
import type { AuthVerdict } from './types';

export interface SpfWhatIf {
  ip: string;
  /** The domain whose record is replaced (the envelope sender's domain, or the HELO name). */
  domain: string;
  record: string;
  sender?: string;
  helo?: string;
}

const VERDICTS = new Set<AuthVerdict>(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);

function sameName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
}

export async function spfWithRecord(ctx: CheckContext, q: SpfWhatIf): Promise<{ result: AuthVerdict; detail?: string }> {
  const real = ctx.dns.mailauth;
  const overlay = async (name: string, rrtype: string): Promise<unknown> => {
    if (rrtype.toUpperCase() === 'TXT' && sameName(name, q.domain)) return [splitTxt(q.record)];
    return real(name, rrtype);
  };
  try {
    const res = (await spf({ ip: q.ip, helo: q.helo, sender: q.sender || `postmaster@${q.domain}`, mta: 'mxray', resolver: overlay as never })) as unknown as { status: { result: string; comment?: string } };
    const r = res.status.result.toLowerCase() as AuthVerdict;
    return { result: VERDICTS.has(r) ? r : 'neutral', ...(res.status.comment ? { detail: res.status.comment.replace(/^mxray: /, '') } : {}) };
  } catch (e) {
    return { result: 'temperror', detail: (e as Error).message.slice(0, 200) };
  }
}
