import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import type { CheckContext } from '../types';
import type { PolicySource } from './evaluate';
import { orgDomain as pslOrgDomain } from './org-domain';
import { askDmarc, organizationalDomain, singleRecord, treeWalk, type TreeWalk, type WalkStep } from './tree-walk';

export type { TxtAt } from './tree-walk';
/** One _dmarc question and its answer (kept under its old name for the check's callers). */
export type DmarcLookup = WalkStep;

export interface Discovery {
  domain: string;
  /** RFC 9989 §4.10.2 Organizational Domain, and the rule that chose it. */
  orgDomain: string;
  orgBy: ReturnType<typeof organizationalDomain>['by'];
  walk: TreeWalk;
  /** Every _dmarc question asked, in order (the walk, then the RFC 7489 fallback if it needed one). */
  lookups: WalkStep[];
  /** Which record supplies the policy (RFC 9989 §4.10.1), if one does. */
  applies?: { lookup: WalkStep; source: PolicySource };
  /** Set when a lookup could not be completed: the result is "could not test". */
  transient?: WalkStep;
  /** Several records at the domain itself: RFC 9989 discards them and walks on; RFC 7489 stops. */
  multiple?: WalkStep;
  /** Whether the domain exists (RFC 9989 §3.2.13: not NXDOMAIN); asked only when a parent's record applies. */
  exists?: { exists: boolean; outcome: DnsOutcome };
  /** What an RFC 7489 receiver does: the PSL Organizational Domain and the record it would apply. */
  rfc7489: { orgDomain: string | null; applies?: { lookup: WalkStep; source: 'domain' | 'organizational' }; multiple?: WalkStep };
}

/**
 * Policy discovery, RFC 9989 §4.10.1: the domain's own record; else the record of its
 * Organizational Domain found by the tree walk (§4.10.2); else that of the Public Suffix Domain
 * (a psd=y record) the walk stopped at. The walk from the domain is one walk for both questions,
 * so it is asked once. Alongside, the RFC 7489 reading from the same answers (one more question
 * only when the PSL organizational domain was not on the walk's path).
 */
export async function discoverDmarc(ctx: CheckContext, domain: string): Promise<Discovery> {
  const walk = await treeWalk(ctx, domain);
  const org = organizationalDomain(walk);
  const out: Discovery = { domain, orgDomain: org.domain, orgBy: org.by, walk, lookups: [...walk.steps], rfc7489: { orgDomain: pslOrgDomain(domain) } };
  if (walk.transient) {
    out.transient = walk.transient;
    return out;
  }
  const at = (d: string) => walk.steps.find((s) => s.domain === d);
  const own = walk.steps[0];
  if (own && own.dmarc.length > 1) out.multiple = own;
  if (own && singleRecord(own)) out.applies = { lookup: own, source: 'domain' };
  else {
    const orgStep = at(org.domain);
    const psdStep = walk.stoppedBy === 'psd' ? walk.steps[walk.steps.length - 1] : undefined;
    if (orgStep && singleRecord(orgStep)) out.applies = { lookup: orgStep, source: 'organizational' };
    // §4.10.1: the PSD's policy only when the Organizational Domain publishes none.
    else if (psdStep?.psd === 'y' && singleRecord(psdStep)) out.applies = { lookup: psdStep, source: 'psd' };
  }
  if (out.applies && out.applies.source !== 'domain') {
    // RFC 9989 §3.2.13 (RFC 8020): NXDOMAIN for the name itself means it does not exist; np= then applies.
    const a = await ctx.dns.query(domain, 'A');
    if (!isTransient(a.outcome)) out.exists = { exists: a.outcome !== 'NXDOMAIN', outcome: a.outcome };
  }
  await readAsRfc7489(ctx, out);
  return out;
}

/** RFC 7489 §6.6.3: the domain's record; if there is none (several: stop), the PSL org domain's. */
async function readAsRfc7489(ctx: CheckContext, d: Discovery): Promise<void> {
  const own = d.walk.steps[0];
  if (!own) return;
  if (own.dmarc.length > 1) {
    d.rfc7489.multiple = own;
    return;
  }
  if (singleRecord(own)) {
    d.rfc7489.applies = { lookup: own, source: 'domain' };
    return;
  }
  const org = d.rfc7489.orgDomain;
  if (!org || org === d.domain) return;
  let step = d.walk.steps.find((s) => s.domain === org);
  if (!step) {
    step = await askDmarc(ctx, org);
    d.lookups.push(step);
    if (isTransient(step.dns)) return;
  }
  if (step.dmarc.length > 1) d.rfc7489.multiple = step;
  else if (singleRecord(step)) d.rfc7489.applies = { lookup: step, source: 'organizational' };
}
