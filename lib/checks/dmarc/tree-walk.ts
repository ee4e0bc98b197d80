import { isIP } from 'node:net';
import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { joinTxt } from '../../dns/txt';
import type { CheckContext } from '../types';
import { isDmarcRecord, looksLikeBrokenDmarc, parseDmarcRecord } from './parse';

/**
 * The DNS Tree Walk of RFC 9989 §4.10, which replaces RFC 7489's Public Suffix List: policy
 * discovery (§4.10.1) and the Organizational Domain (§4.10.2) both come from _dmarc records found
 * on the way from a name up to its top-level label. draft-ietf-dmarc-dmarcbis-41 is the text this
 * follows (RFC 9989 was published from it).
 */

/** RFC 9989 §4.10: the walk never asks more than this many questions, whatever the name's length. */
export const MAX_WALK_QUERIES = 8;

export interface TxtAt {
  text: string;
  strings: string[];
}

/** What one _dmarc.<name> TXT question returned. */
export interface WalkStep {
  /** The domain the record would belong to (without "_dmarc."). */
  domain: string;
  name: string;
  dns: DnsOutcome;
  /** TXT records starting with v=DMARC1 (more than one: all discarded, §4.10 step 2). */
  dmarc: TxtAt[];
  /** TXT records meant as DMARC that receivers discard (wrong version, v= not first). */
  broken: TxtAt[];
  /** psd= of the single valid record here, when it has one. */
  psd?: 'y' | 'n' | 'u';
  message?: string;
}

export interface TreeWalk {
  /** The name the walk started from (lower case, no trailing dot). */
  start: string;
  steps: WalkStep[];
  /** Set when a question could not be answered (timeout, SERVFAIL): nothing after it was asked. */
  transient?: WalkStep;
  /** Why the walk stopped: a psd=y/n record, the last label, or a DNS failure. */
  stoppedBy: 'psd' | 'end' | 'dns-error';
}

/**
 * The names the walk asks about, in order (§4.10 steps 1, 3, 4, 7): the name itself; then, for
 * fewer than 8 labels, its parent, else the name cut to its 7 rightmost labels; then one label
 * less each time, down to the single top-level label. At most 8 names.
 */
export function walkTargets(domain: string): string[] {
  const labels = domain.split('.').filter((l) => l !== '');
  if (labels.length === 0) return [];
  // An address is not a name in a tree: "0.2.1" is no parent of 192.0.2.1.
  if (isIP(domain)) return [domain];
  const out = [labels.join('.')];
  const first = labels.length < 8 ? labels.length - 1 : 7;
  for (let n = first; n >= 1; n--) out.push(labels.slice(labels.length - n).join('.'));
  return out;
}

/** The single valid DMARC record of a step, or undefined (none, or several: all discarded). */
export function singleRecord(step: WalkStep): TxtAt | undefined {
  return step.dmarc.length === 1 ? step.dmarc[0] : undefined;
}

/** One _dmarc.<domain> TXT question, sorted into DMARC records and near-misses. */
export async function askDmarc(ctx: CheckContext, domain: string): Promise<WalkStep> {
  const name = `_dmarc.${domain}`;
  const a = await ctx.dns.query(name, 'TXT');
  const txt = a.records.flatMap((r) => (r.type === 'TXT' ? [{ text: joinTxt(r.data), strings: r.data }] : []));
  const dmarc = txt.filter((t) => isDmarcRecord(t.text));
  const step: WalkStep = { domain, name, dns: a.outcome, dmarc, broken: txt.filter((t) => looksLikeBrokenDmarc(t.text)), ...(a.message ? { message: a.message } : {}) };
  const psd = dmarc.length === 1 ? parseDmarcRecord(dmarc[0]!.text).record.psd : undefined;
  if (psd) step.psd = psd;
  return step;
}

/**
 * Walk from `start` upwards, one question at a time: each answer decides whether the next is asked
 * (a single record with psd=y or psd=n stops the walk, §4.10 steps 2 and 6).
 */
export async function treeWalk(ctx: CheckContext, start: string): Promise<TreeWalk> {
  const steps: WalkStep[] = [];
  for (const domain of walkTargets(start)) {
    const step = await askDmarc(ctx, domain);
    steps.push(step);
    if (isTransient(step.dns)) return { start, steps, transient: step, stoppedBy: 'dns-error' };
    if (step.psd === 'y' || step.psd === 'n') return { start, steps, stoppedBy: 'psd' };
  }
  return { start, steps, stoppedBy: 'end' };
}

/**
 * The Organizational Domain from a finished walk (§4.10.2): over the names with a single valid
 * record, longest first — psd=n: that name; psd=y (not at the start): the name one label below it
 * on the way to `start`; otherwise the name with the fewest labels. No record at all: `start`.
 */
export function organizationalDomain(walk: TreeWalk): { domain: string; by: 'psd=n' | 'psd=y' | 'shortest-record' | 'no-record' } {
  const found = walk.steps.filter((s) => singleRecord(s));
  for (const s of found) {
    if (s.psd === 'n') return { domain: s.domain, by: 'psd=n' };
    if (s.psd === 'y' && s.domain !== walk.start) return { domain: oneBelow(walk.start, s.domain), by: 'psd=y' };
  }
  const shortest = found[found.length - 1];
  return shortest ? { domain: shortest.domain, by: 'shortest-record' } : { domain: walk.start, by: 'no-record' };
}

/** The name with one label more than `parent`, taken from `start` (example.bank for a.example.bank under bank). */
export function oneBelow(start: string, parent: string): string {
  const labels = start.split('.');
  const n = parent.split('.').length + 1;
  return labels.slice(Math.max(0, labels.length - n)).join('.');
}
