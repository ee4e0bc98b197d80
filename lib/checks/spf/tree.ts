/**
 * The include/redirect tree with each node's DNS-lookup cost (RFC 7208 §4.6.4). Unlike the verdict
 * walk, it visits every include whatever the IP, because the cost a receiver may pay is the whole
 * tree. Sibling includes are fetched concurrently (the resolver de-duplicates and caches, so the
 * verdict walk that runs alongside reuses these answers).
 */
import type { DnsResolver } from '../../dns/resolver';
import type { RRType } from '../../dns/types';
import type { EvalFrame } from './evaluate';
import { fetchSpfRecord, validTargetName } from './fetch';
import { expandTokens, parseDomainSpec, truncateDomain, type MacroLetter } from './macro';
import { macroValues, type Identity } from './sender';
import { LOOKUP_MECHANISMS, type Mechanism, type NodeError, type SpfTreeNode, type Term } from './types';
import { reverseName } from '../../dns/ip';

export interface TreeOptions {
  /** The SMTP identity, when known: lets macro targets be expanded and ptr be costed. */
  identity?: Identity;
  /** Bounds on a hostile or broken tree. */
  maxNodes?: number;
  maxDepth?: number;
}

/** Terms that cost one lookup in this record: redirect only counts when no "all" makes it unreachable. */
export function ownLookups(terms: Term[]): number {
  const hasAll = terms.some((t) => t.type === 'mechanism' && t.kind === 'all');
  return terms.filter((t) => (t.type === 'mechanism' ? LOOKUP_MECHANISMS.has(t.kind) : t.name === 'redirect' && !hasAll)).length;
}

export async function buildTree(dns: DnsResolver, domain: string, opts: TreeOptions = {}): Promise<SpfTreeNode> {
  const budget = { nodes: 0, max: opts.maxNodes ?? 60, depth: opts.maxDepth ?? 12 };
  return buildNode(dns, domain.replace(/\.$/, '').toLowerCase(), 'root', undefined, undefined, [], opts.identity, budget);
}

function emptyNode(domain: string, via: SpfTreeNode['via'], term?: string, termIndex?: number): SpfTreeNode {
  return {
    domain,
    via,
    ...(term !== undefined ? { term } : {}),
    ...(termIndex !== undefined ? { termIndex } : {}),
    terms: [],
    lookups: 0,
    cumulativeLookups: 0,
    voidLookups: 0,
    cumulativeVoidLookups: 0,
    children: [],
  };
}

async function buildNode(
  dns: DnsResolver,
  domain: string,
  via: SpfTreeNode['via'],
  term: string | undefined,
  termIndex: number | undefined,
  ancestors: string[],
  identity: Identity | undefined,
  budget: { nodes: number; max: number; depth: number },
): Promise<SpfTreeNode> {
  const node = emptyNode(domain, via, term, termIndex);
  if (budget.nodes >= budget.max || ancestors.length > budget.depth) {
    node.error = { kind: 'truncated', message: `not expanded: the tree already has ${budget.nodes} records (at most ${budget.max}, depth ${budget.depth})` };
    return node;
  }
  budget.nodes++;
  const lookup = await fetchSpfRecord(dns, domain);
  switch (lookup.kind) {
    case 'invalid-name':
      node.error = { kind: 'invalid-name', message: lookup.message };
      return node;
    case 'none':
      node.error = lookup.outcome === 'NXDOMAIN' ? { kind: 'not-found', message: lookup.message } : { kind: 'no-spf', message: lookup.message };
      return node;
    case 'error':
      node.error = { kind: 'dns', message: lookup.message, outcome: lookup.outcome };
      return node;
    case 'multiple':
      node.record = lookup.records[0]!.text;
      node.strings = lookup.records[0]!.strings;
      node.error = { kind: 'multiple-records', message: `${lookup.message}: ${lookup.records.map((r) => JSON.stringify(r.text)).join(', ')}` };
      return node;
    case 'found':
      break;
  }
  node.record = lookup.record.text;
  node.strings = lookup.record.strings;
  node.terms = lookup.parsed.terms;
  if (lookup.parsed.errors.length) {
    node.error = { kind: 'syntax', message: lookup.parsed.errors.map((e) => e.message).join('; '), errors: lookup.parsed.errors };
  }
  node.lookups = ownLookups(node.terms);
  const hasAll = node.terms.some((t) => t.type === 'mechanism' && t.kind === 'all');
  const path = [...ancestors, domain];
  const children: Promise<SpfTreeNode>[] = [];
  node.terms.forEach((t, i) => {
    const isInclude = t.type === 'mechanism' && t.kind === 'include';
    const isRedirect = t.type === 'modifier' && t.name === 'redirect' && !hasAll;
    if (!isInclude && !isRedirect) return;
    const spec = t.type === 'mechanism' ? t.domainSpec! : t.value;
    const v: SpfTreeNode['via'] = isInclude ? 'include' : 'redirect';
    const target = staticTarget(spec, domain, identity);
    if (typeof target !== 'string') {
      const child = emptyNode(spec, v, t.text, i);
      child.error = target;
      children.push(Promise.resolve(child));
      return;
    }
    if (path.includes(target)) {
      const child = emptyNode(target, v, t.text, i);
      child.error = { kind: 'loop', message: `${v} loop: ${[...path, target].join(' → ')}` };
      children.push(Promise.resolve(child));
      return;
    }
    children.push(buildNode(dns, target, v, t.text, i, path, identity, budget));
  });
  const [kids, voids] = await Promise.all([Promise.all(children), countVoids(dns, node.terms, domain, identity)]);
  node.children = kids;
  node.voidLookups = voids;
  node.cumulativeLookups = node.lookups + kids.reduce((n, k) => n + k.cumulativeLookups, 0);
  node.cumulativeVoidLookups = voids + kids.reduce((n, k) => n + k.cumulativeVoidLookups, 0);
  return node;
}

const NEEDS_IDENTITY: MacroLetter[] = ['s', 'l', 'o', 'i', 'v', 'h', 'c'];

/** The target of a term when it can be known without evaluating (macros need the sender and IP). */
function staticTarget(spec: string, domain: string, identity: Identity | undefined): string | NodeError {
  const parsed = parseDomainSpec(spec);
  if (!parsed.ok) return { kind: 'invalid-name', message: parsed.message };
  const letters = parsed.tokens.flatMap((t) => (t.kind === 'macro' ? [t.letter] : []));
  if (letters.includes('p') || (!identity && letters.some((l) => NEEDS_IDENTITY.includes(l)))) {
    return { kind: 'macro', message: `"${spec}" uses macros that depend on the sender and IP; it is resolved only when a verdict is computed` };
  }
  const values = identity ? macroValues(identity, domain) : { s: '', l: '', o: '', d: domain, i: '', v: '', h: '', c: '', r: '', t: '' };
  const target = truncateDomain(expandTokens(parsed.tokens, values)).toLowerCase();
  const invalid = validTargetName(target, true);
  return invalid ? { kind: 'invalid-name', message: invalid } : target;
}

/**
 * Terms of this record whose lookup returns nothing (RFC 7208 §4.6.4 "void lookups"): the a, mx and
 * exists targets we can name without evaluating, and ptr when the IP is known.
 */
async function countVoids(dns: DnsResolver, terms: Term[], domain: string, identity: Identity | undefined): Promise<number> {
  const addressType: RRType = identity?.version === 6 ? 'AAAA' : 'A';
  const checks = terms
    .filter((t): t is Mechanism => t.type === 'mechanism' && (t.kind === 'a' || t.kind === 'mx' || t.kind === 'exists' || (t.kind === 'ptr' && identity !== undefined)))
    .map(async (m) => {
      if (m.kind === 'ptr') {
        const a = await dns.query(reverseName(identity!.ip), 'PTR');
        return a.outcome === 'NXDOMAIN' || a.outcome === 'NODATA';
      }
      const target = m.domainSpec ? staticTarget(m.domainSpec, domain, identity) : domain;
      if (typeof target !== 'string') return false;
      const a = await dns.query(target, m.kind === 'mx' ? 'MX' : m.kind === 'exists' ? 'A' : addressType);
      return a.outcome === 'NXDOMAIN' || a.outcome === 'NODATA';
    });
  return (await Promise.all(checks)).filter(Boolean).length;
}

/**
 * Put the verdict walk onto the tree: each node the walk visited gets its evaluation, and records
 * only the walk could name (macro targets) are added as nodes.
 */
export function annotateTree(node: SpfTreeNode, frame: EvalFrame): void {
  if (frame.result) {
    node.evaluation = {
      result: frame.result,
      ...(frame.matchedTerm !== undefined ? { matchedTerm: frame.matchedTerm } : {}),
      ...(frame.reachedTerm !== undefined ? { reachedTerm: frame.reachedTerm } : {}),
    };
  }
  for (const f of frame.children) {
    let child = node.children.find((c) => c.termIndex === f.termIndex && c.domain === f.domain);
    if (!child) {
      child = frameNode(f);
      const at = node.children.findIndex((c) => c.termIndex === f.termIndex);
      if (at >= 0) node.children[at] = child;
      else node.children.push(child);
    }
    annotateTree(child, f);
  }
}

function frameNode(f: EvalFrame): SpfTreeNode {
  const node = emptyNode(f.domain, f.via, f.term, f.termIndex);
  if (f.record) {
    node.record = f.record.text;
    node.strings = f.record.strings;
  }
  node.terms = f.terms;
  node.lookups = ownLookups(f.terms);
  node.cumulativeLookups = node.lookups;
  if (f.error) node.error = f.error;
  return node;
}

/** Every node, depth first. */
export function walkTree(node: SpfTreeNode, visit: (n: SpfTreeNode, depth: number) => void, depth = 0): void {
  visit(node, depth);
  for (const c of node.children) walkTree(c, visit, depth + 1);
}

/** Recompute cumulative counts bottom-up (after annotateTree added nodes). */
export function sumUp(node: SpfTreeNode): void {
  for (const c of node.children) sumUp(c);
  node.cumulativeLookups = node.lookups + node.children.reduce((n, c) => n + c.cumulativeLookups, 0);
  node.cumulativeVoidLookups = node.voidLookups + node.children.reduce((n, c) => n + c.cumulativeVoidLookups, 0);
}
