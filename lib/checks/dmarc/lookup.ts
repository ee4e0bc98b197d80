import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { joinTxt } from '../../dns/txt';
import type { CheckContext } from '../types';
import { orgDomain } from './org-domain';
import { isDmarcRecord, looksLikeBrokenDmarc } from './parse';

export interface TxtAt {
  text: string;
  strings: string[];
}

/** What one _dmarc.<name> TXT question returned, sorted into DMARC records and near-misses. */
export interface DmarcLookup {
  /** The domain the policy would belong to (without "_dmarc."). */
  domain: string;
  name: string;
  dns: DnsOutcome;
  dmarc: TxtAt[];
  /** TXT records meant as DMARC that receivers discard (wrong version, v= not first). */
  broken: TxtAt[];
  message?: string;
}

export interface Discovery {
  /** The domain asked about, and its Organizational Domain (RFC 7489 §3.2) if any. */
  domain: string;
  orgDomain: string | null;
  lookups: DmarcLookup[];
  /** Which lookup supplied the policy, if one did. */
  applies?: { lookup: DmarcLookup; source: 'domain' | 'organizational' };
  /** Set when a lookup could not be completed: the result is "could not test". */
  transient?: DmarcLookup;
  /** Set when more than one record was found where discovery stopped. */
  multiple?: DmarcLookup;
}

async function lookup(ctx: CheckContext, domain: string): Promise<DmarcLookup> {
  const name = `_dmarc.${domain}`;
  const a = await ctx.dns.query(name, 'TXT');
  const txt = a.records.flatMap((r) => (r.type === 'TXT' ? [{ text: joinTxt(r.data), strings: r.data }] : []));
  return {
    domain,
    name,
    dns: a.outcome,
    dmarc: txt.filter((t) => isDmarcRecord(t.text)),
    broken: txt.filter((t) => looksLikeBrokenDmarc(t.text)),
    ...(a.message ? { message: a.message } : {}),
  };
}

/**
 * Policy discovery, RFC 7489 §6.6.3: _dmarc.<domain>; if no DMARC record is there, _dmarc.<org domain>.
 * More than one record ends discovery with no policy (step 4) — no fallback in that case.
 */
export async function discoverDmarc(ctx: CheckContext, domain: string): Promise<Discovery> {
  const org = orgDomain(domain);
  const out: Discovery = { domain, orgDomain: org, lookups: [] };
  const steps: { name: string; source: 'domain' | 'organizational' }[] = [{ name: domain, source: 'domain' }];
  if (org && org !== domain) steps.push({ name: org, source: 'organizational' });
  for (const step of steps) {
    const l = await lookup(ctx, step.name);
    out.lookups.push(l);
    if (isTransient(l.dns)) {
      out.transient = l;
      return out;
    }
    if (l.dmarc.length > 1) {
      out.multiple = l;
      return out;
    }
    if (l.dmarc.length === 1) {
      out.applies = { lookup: l, source: step.source };
      return out;
    }
  }
  return out;
}
