/**
 * The SPF check: fetch → parse → evaluate. The include tree (full cost, whatever the IP) and the
 * RFC 7208 verdict for the given IP run at the same time over one resolver, so every DNS question
 * is asked once and sibling includes are fetched concurrently.
 */
import { isSpfRecord } from './parse';
import { evaluateSpf, type SpfEvaluation } from './evaluate';
import { proposeSpfFix } from './fix';
import { judge, LOOKUP_LIMIT, VOID_LIMIT } from './judge';
import { MAX_STRING } from './suggest';
import { identityFrom } from './sender';
import { annotateTree, buildTree, sumUp } from './tree';
import { statusFromFindings, type CheckContext, type CheckResult, type RecordView } from '../types';
import type { LookupCounters, SpfTreeNode, SpfVerdict } from './types';

export interface SpfInput {
  domain: string;
  ip?: string;
  sender?: string;
  helo?: string;
}

export interface SpfData {
  domain: string;
  /** The verdict for `ip` (only when an IP was given). */
  result?: SpfVerdict;
  /** exp= text for a fail, when the domain publishes one. */
  explanation?: string;
  /** What decided the verdict, in a sentence. */
  reason?: string;
  matched?: { domain: string; term: string };
  tree: SpfTreeNode;
  /** Worst-case DNS-querying terms across the whole tree, and void lookups (RFC 7208 §4.6.4). */
  lookups: LookupCounters;
  voidLookups: number;
  /** What the verdict walk for this IP actually used. */
  evaluated?: { lookups: number; voidLookups: number };
}

export type { SpfTreeNode, SpfVerdict } from './types';
export { evaluateSpf } from './evaluate';
export { parseRecord } from './parse';

export async function checkSpf(ctx: CheckContext, input: SpfInput): Promise<CheckResult<SpfData>> {
  const domain = input.domain.replace(/\.$/, '').toLowerCase();
  const helo = input.helo?.trim() || domain;
  // No sender given: check the domain as if mail came from postmaster@domain. An explicit empty
  // sender is the null reverse-path, which RFC 7208 §4.3 turns into postmaster@<HELO>.
  const sender = input.sender === undefined ? `postmaster@${domain}` : input.sender.trim();
  const query = input.ip ? { ip: input.ip, sender, helo, now: Math.floor(ctx.now.getTime() / 1000) } : undefined;
  const identity = query ? identityFrom(query) : undefined;
  if (query && !identity) {
    // Callers validate input (validateDomainInput, the CLI); this keeps a bad IP from reaching DNS.
    return { id: 'spf', status: 'error', title: 'SPF', summary: `"${input.ip}" is not an IP address, so SPF could not be evaluated`, findings: [], records: [] };
  }

  const [tree, evaluation] = await Promise.all([
    buildTree(ctx.dns, domain, identity ? { identity } : {}),
    query && identity ? evaluateSpf(ctx.dns, domain, query) : Promise.resolve(undefined),
  ]);
  if (evaluation) {
    annotateTree(tree, evaluation.root);
    sumUp(tree);
  }

  const txt = await ctx.dns.query(domain, 'TXT');
  const spfRecords = txt.outcome === 'NOERROR' ? txt.records.filter((r) => isSpfRecord((r.data as string[]).join(''))) : [];
  const published = spfRecords.map((r) => (r.data as string[]).join(''));
  const records: RecordView[] = spfRecords.map((r) => ({ name: domain, type: 'TXT', value: (r.data as string[]).join(''), strings: r.data as string[], ttl: r.ttl }));
  const missing = tree.error?.kind === 'not-found' || tree.error?.kind === 'no-spf';
  const hasMx = missing && !input.ip ? (await ctx.dns.query(domain, 'MX')).outcome === 'NOERROR' : false;

  const { findings } = judge({ domain, ip: identity?.ip, tree, published, evaluation });
  const fix = await proposeSpfFix(ctx.dns, { domain, ...(query ? { query } : {}), helo: input.helo, tree, published, hasMx, findings });
  const strings = fix?.records[0]?.strings ?? [];
  if (strings.length > 1) {
    findings.push({ code: 'spf.long-string', severity: 'info', detail: `The suggested record is ${Buffer.byteLength(fix!.records[0]!.value)} bytes; publish it as ${strings.length} strings of at most ${MAX_STRING} bytes.`, data: { domain, strings } });
  }
  const data: SpfData = {
    domain,
    ...(evaluation ? verdictData(evaluation) : {}),
    tree,
    lookups: { limit: LOOKUP_LIMIT, count: tree.cumulativeLookups, void: tree.cumulativeVoidLookups, voidLimit: VOID_LIMIT },
    voidLookups: tree.cumulativeVoidLookups,
  };
  return {
    id: 'spf',
    status: statusFromFindings(findings),
    title: 'SPF',
    summary: summarise(data, identity?.ip),
    findings,
    records,
    ...(fix ? { fix } : {}),
    data,
  };
}

function verdictData(e: SpfEvaluation): Partial<SpfData> {
  return {
    result: e.result,
    ...(e.explanation !== undefined ? { explanation: e.explanation } : {}),
    reason: e.reason,
    ...(e.matched ? { matched: e.matched } : {}),
    evaluated: { lookups: e.lookups, voidLookups: e.voidLookups },
  };
}

function summarise(d: SpfData, ip: string | undefined): string {
  const t = d.tree;
  let s: string;
  if (t.error?.kind === 'not-found' || t.error?.kind === 'no-spf') s = `${d.domain} has no SPF record`;
  else if (t.error?.kind === 'dns') s = `could not fetch the SPF record of ${d.domain}`;
  else if (t.error?.kind === 'multiple-records') s = `${d.domain} publishes more than one SPF record`;
  else s = `${d.lookups.count}/${d.lookups.limit} DNS lookups${d.voidLookups ? `, ${d.voidLookups} void` : ''}`;
  if (ip && d.result) s += `; ${ip} → ${d.result}`;
  return s;
}
