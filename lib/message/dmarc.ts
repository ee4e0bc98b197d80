/**
 * mxray's own DMARC verdict for a message, per RFC 9989, on top of the SPF and DKIM results
 * mailauth 4.13 computed (mailauth 4.13 is the last line that runs on Node 20, and it reads DMARC
 * the RFC 7489 way). Policy discovery and the Organizational Domains used for relaxed alignment
 * come from the DNS tree walk of lib/checks/dmarc, the same code the domain check runs.
 */
import { domainToASCII } from 'node:url';
import { effectivePolicy, testingPolicy, type PolicySource } from '../checks/dmarc/evaluate';
import { discoverDmarc } from '../checks/dmarc/lookup';
import { parseDmarcRecord, type Policy } from '../checks/dmarc/parse';
import { organizationalDomain, treeWalk } from '../checks/dmarc/tree-walk';
import type { CheckContext } from '../checks/types';

export interface DmarcVerdictInput {
  fromDomain: string;
  /** SPF's domain when SPF passed (RFC 9989 §4.4.2: only a pass authenticates it). */
  spfPassDomain?: string;
  /** d= of every DKIM signature that passed. */
  dkimPassDomains: string[];
}

export interface DmarcVerdict {
  result: 'pass' | 'fail' | 'none' | 'temperror';
  /** The published policy that applies (p=, or sp=/np= from a parent), before t=y. */
  policy?: Policy | null;
  /** What a receiver applies to a failing message: one step less with t=y (RFC 9989 §4.7). */
  appliedPolicy?: Policy | null;
  testing?: boolean;
  recordName?: string;
  source?: PolicySource;
  orgDomain?: string;
  /** The _dmarc names the From domain's walk asked, in order. */
  walk: string[];
  spfAligned: boolean;
  dkimAligned: string[];
  strictSpf: boolean;
  strictDkim: boolean;
  /** Organizational Domain of each authenticated identifier that needed one (relaxed alignment). */
  orgDomains: Record<string, string>;
  detail?: string;
}

/** Lower case, no trailing dot, IDNs as A-labels (RFC 9989 §5.3.1: the Author Domain is queried as an A-label). */
const lower = (d: string) => {
  const n = d.toLowerCase().replace(/\.$/, '');
  return /[^\x00-\x7f]/.test(n) ? domainToASCII(n) || n : n;
};

export async function dmarcVerdict(ctx: CheckContext, input: DmarcVerdictInput): Promise<DmarcVerdict> {
  const from = lower(input.fromDomain);
  const d = await discoverDmarc(ctx, from);
  const base = { walk: d.walk.steps.map((s) => s.name), spfAligned: false, dkimAligned: [], strictSpf: false, strictDkim: false, orgDomains: {} };
  if (d.transient) return { ...base, result: 'temperror', detail: `DNS ${d.transient.dns} for ${d.transient.name}` };
  // §5.3.2: no DMARC Policy Record, no DMARC for this message.
  if (!d.applies) return { ...base, result: 'none', detail: `no DMARC record at ${base.walk.join(', ')}` };

  const parse = parseDmarcRecord(d.applies.lookup.dmarc[0]!.text);
  const policy = effectivePolicy(parse, d.applies.source, d.exists ? { exists: d.exists.exists } : {});
  const strictSpf = parse.record.aspf === 's';
  const strictDkim = parse.record.adkim === 's';
  const orgDomains: Record<string, string> = { [from]: d.orgDomain };

  // §4.10.2: identical names align either way; relaxed alignment compares Organizational Domains,
  // each found by its own tree walk (asked once per name). A name outside the From domain's
  // Organizational Domain cannot share it, so it needs no walk.
  const orgOf = async (name: string): Promise<string | undefined> => {
    if (orgDomains[name]) return orgDomains[name];
    if (name !== d.orgDomain && !name.endsWith(`.${d.orgDomain}`)) return undefined;
    const w = await treeWalk(ctx, name);
    if (w.transient) return undefined;
    orgDomains[name] = organizationalDomain(w).domain;
    return orgDomains[name];
  };
  const aligns = async (id: string, strict: boolean) => {
    const n = lower(id);
    if (n === from) return true;
    if (strict) return false;
    return (await orgOf(n)) === d.orgDomain;
  };

  const spfAligned = input.spfPassDomain ? await aligns(input.spfPassDomain, strictSpf) : false;
  const dkimAligned: string[] = [];
  for (const dom of [...new Set(input.dkimPassDomains.map(lower))]) if (await aligns(dom, strictDkim)) dkimAligned.push(dom);
  const testing = parse.record.t === 'y';
  return {
    ...base,
    // §4.10.1: a record whose p/sp/np leaves no policy (invalid, no usable rua) means no DMARC.
    result: policy === null ? 'none' : spfAligned || dkimAligned.length ? 'pass' : 'fail',
    policy,
    appliedPolicy: testingPolicy(policy, parse.record.t),
    testing,
    recordName: d.applies.lookup.name,
    source: d.applies.source,
    orgDomain: d.orgDomain,
    spfAligned,
    dkimAligned,
    strictSpf,
    strictDkim,
    orgDomains,
    ...(policy === null ? { detail: `${d.applies.lookup.name} has no usable policy (invalid p=, sp= or np= and no usable rua=)` } : {}),
  };
}

