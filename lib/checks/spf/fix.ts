/**
 * The SPF record mxray suggests, built so that publishing it makes SPF pass: one record, the
 * server's IP authorised, at most 10 DNS-querying terms and 2 void lookups (RFC 7208 §4.6.4), void
 * and broken includes dropped with a note, "+all" and "?all" replaced, and, when the includes cost
 * more than the budget, the most expensive provider includes inlined as their current IP ranges.
 * The candidate is evaluated through an overlay resolver before it is offered; what the overlay
 * cannot make pass is said, not shown as a record.
 */
import { OverlayResolver } from '../../dns/overlay';
import type { DnsResolver } from '../../dns/resolver';
import { splitTxt } from '../../dns/txt';
import type { Finding, Fix } from '../types';
import { evaluateSpf } from './evaluate';
import { parseRecord } from './parse';
import { ipTerm } from './suggest';
import { buildTree } from './tree';
import type { Mechanism, SpfQuery, SpfTreeNode, Term } from './types';

export const LOOKUP_BUDGET = 10;
export const VOID_BUDGET = 2;

/** Findings the SPF fix answers; others (ptr deprecated, near the limit) need no new record. */
const FIXABLE = new Set([
  'spf.missing', 'spf.multiple-records', 'spf.too-many-lookups', 'spf.too-many-void-lookups', 'spf.void-lookup', 'spf.include-missing',
  'spf.plus-all', 'spf.neutral-all', 'spf.no-all', 'spf.ip-not-authorised', 'spf.permerror', 'spf.syntax', 'spf.include-loop',
]);

export interface SpfFixInput {
  domain: string;
  /** The server's IP and the SMTP identity the check evaluated. */
  query?: SpfQuery;
  helo?: string;
  tree: SpfTreeNode;
  /** Every v=spf1 record published at the domain. */
  published: string[];
  hasMx: boolean;
  findings: Finding[];
}

/** One term of the candidate with what it costs; includes carry the subtree they pull in. */
interface Piece {
  text: string;
  cost: number;
  voids: number;
  sub?: SpfTreeNode;
}

export async function proposeSpfFix(dns: DnsResolver, input: SpfFixInput): Promise<Fix | undefined> {
  const { domain, tree } = input;
  const problems = input.findings.filter((f) => FIXABLE.has(f.code) && (f.severity === 'fail' || f.severity === 'warn'));
  if (problems.length === 0) return undefined;
  const missing = tree.error?.kind === 'not-found' || tree.error?.kind === 'no-spf' || tree.error?.kind === 'invalid-name';
  if (tree.error?.kind === 'dns') return undefined;
  const ip = input.query?.ip;
  const notes: string[] = [];
  const steps: string[] = [];

  const source = missing ? [] : input.published.length > 1 ? input.published : tree.record ? [tree.record] : [];
  const { body, all, modifiers } = collectTerms(source, notes);
  const pieces: Piece[] = [];
  for (const t of body) {
    const p = await cost(dns, t, domain, notes);
    if (p) pieces.push(p);
  }

  let allText = all;
  if (!allText || allText.startsWith('+') || allText === 'all' || allText.startsWith('?')) {
    if (allText) {
      // ~all, not -all: with DMARC enforcing, receivers such as Gmail decide on DMARC, and a hard
      // fail lets some receivers reject at SMTP before DKIM can rescue forwarded mail (RFC 7208 §8.4).
      notes.push(`"${allText}" replaced by "~all": "${allText}" ${allText.startsWith('?') ? 'gives unlisted servers neutral' : 'lets any server in the world pass SPF for your domain'}. ~all marks unlisted servers as suspicious without making receivers reject mail DKIM could still vouch for; move to -all once DMARC reports show every real sender passes.`);
      allText = '~all';
    } else if (!modifiers.some((m) => m.startsWith('redirect='))) {
      allText = missing && !ip && !input.hasMx ? '-all' : '~all';
    }
  }
  if (missing && !ip && input.hasMx) pieces.push({ text: 'mx', cost: 1, voids: 0 });

  const render = (ps: Piece[]) => ['v=spf1', ...ps.map((p) => p.text), ...(allText ? [allText] : []), ...modifiers].join(' ');

  // The server's IP: only when the candidate does not already authorise it (by ip4:, a or mx).
  if (ip && input.query) {
    const authorised = pieces.length > 0 && (await passes(dns, domain, render(pieces), input.query));
    if (!authorised) {
      pieces.push({ text: ipTerm(ip), cost: 0, voids: 0 });
      const host = input.helo && input.helo !== domain ? input.helo : undefined;
      steps.push(`${ipTerm(ip)} authorises ${ip}${host ? ` (if the server's address changes, a:${host} instead follows the A record of ${host}, at the cost of one lookup)` : ''}.`);
    }
  }

  const total = (ps: Piece[]) => ps.reduce((n, p) => n + p.cost, 0);
  const voids = (ps: Piece[]) => ps.reduce((n, p) => n + p.voids, 0);
  let final = pieces;
  if (total(final) > LOOKUP_BUDGET || voids(final) > VOID_BUDGET) {
    const flat = flatten(final, total, voids);
    final = flat.pieces;
    notes.push(...flat.notes);
  }

  const value = render(final);
  const strings = splitTxt(value);
  if (total(final) > LOOKUP_BUDGET || voids(final) > VOID_BUDGET) {
    const reason = `Even after inlining every include that lists only IP ranges, the record needs ${total(final)} DNS lookups (limit ${LOOKUP_BUDGET}) and ${voids(final)} void lookups (limit ${VOID_BUDGET}): the includes left use a, mx, exists or macros that only their owners can flatten. Remove the senders you no longer use, or ask those providers for a leaner include.`;
    return { summary: 'mxray could not build an SPF record within the limits', records: [], where: 'dns', notes, proof: { resolved: false, before: 'fail', after: 'fail', remaining: ['spf.too-many-lookups'], reason } };
  }
  const summary = (missing
    ? `Publish this TXT record at ${domain}`
    : source.length > 1
      ? `Replace the ${source.length} SPF records with this one`
      : `Replace the SPF record of ${domain} with this one`) + (steps.length ? `: ${steps.join(' ')}` : '');
  return {
    summary,
    records: [{ name: domain, type: 'TXT', value, strings }],
    ...(source.length ? { replaces: source.join(' | ') } : {}),
    where: 'dns',
    ...(notes.length ? { notes } : {}),
  };
}

/** Distinct terms of the record(s), the first "all", and the modifiers (one redirect/exp each). */
function collectTerms(records: string[], notes: string[]): { body: Mechanism[]; all?: string; modifiers: string[] } {
  const body: Mechanism[] = [];
  const modifiers: string[] = [];
  let all: string | undefined;
  for (const r of records) {
    for (const t of parseRecord(r).terms as Term[]) {
      if (t.type === 'modifier') {
        if (!modifiers.some((m) => m.startsWith(`${t.name}=`))) modifiers.push(t.text);
      } else if (t.kind === 'all') all ??= t.text;
      else if (!body.some((b) => b.text === t.text)) body.push(t);
    }
  }
  if (records.length > 1) notes.push(`The ${records.length} records are merged into one: receivers return permerror when a domain publishes more than one (RFC 7208 §3.2).`);
  // A redirect is ignored when "all" is present (RFC 7208 §6.1); keeping both only confuses readers.
  return { body, ...(all ? { all } : {}), modifiers: all ? modifiers.filter((m) => !m.startsWith('redirect=')) : modifiers };
}

/** What one term costs; undefined (with a note) for a term that must go: void or broken. */
async function cost(dns: DnsResolver, t: Mechanism, domain: string, notes: string[]): Promise<Piece | undefined> {
  if (t.kind === 'ip4' || t.kind === 'ip6') return { text: t.text, cost: 0, voids: 0 };
  const spec = t.domainSpec;
  if (spec?.includes('%')) return { text: t.text, cost: 1, voids: 0 }; // macro: resolved per message
  if (t.kind === 'include') {
    const sub = await buildTree(dns, spec!);
    const kind = sub.error?.kind;
    if (kind === 'not-found' || kind === 'no-spf' || kind === 'invalid-name') {
      notes.push(`"${t.text}" dropped: ${spec} publishes no SPF record, so the include only costs a void lookup and makes receivers return permerror. If you still send through that provider, use the include its documentation names today.`);
      return undefined;
    }
    if (kind === 'syntax' || kind === 'loop' || kind === 'multiple-records') {
      notes.push(`"${t.text}" dropped: its record is broken (${sub.error!.message}), which makes SPF permerror for all your mail. Ask the provider for a working include.`);
      return undefined;
    }
    return { text: t.text, cost: 1 + sub.cumulativeLookups, voids: sub.cumulativeVoidLookups, sub };
  }
  if (t.kind === 'a' || t.kind === 'mx' || t.kind === 'exists') {
    const target = spec ?? domain;
    const a = await dns.query(target, t.kind === 'mx' ? 'MX' : 'A');
    const aaaa = t.kind === 'a' ? await dns.query(target, 'AAAA') : undefined;
    const empty = (x: { outcome: string }) => x.outcome === 'NXDOMAIN' || x.outcome === 'NODATA';
    if (empty(a) && (!aaaa || empty(aaaa))) {
      notes.push(`"${t.text}" dropped: ${target} has no ${t.kind === 'mx' ? 'MX' : 'address'} record, so the term authorises nothing and costs a void lookup.`);
      return undefined;
    }
  }
  return { text: t.text, cost: 1, voids: 0 };
}

/** Does the record pass for this IP when published? Asked through an overlay, never the real zone. */
async function passes(dns: DnsResolver, domain: string, record: string, query: SpfQuery): Promise<boolean> {
  const overlay = new OverlayResolver(dns, [{ name: domain, type: 'TXT', value: record }]);
  return (await evaluateSpf(overlay, domain, query)).result === 'pass';
}

/**
 * Inline includes, most expensive first, until the record fits: each inlined include saves its
 * whole cost and the ones left keep following their provider's changes. Only includes whose
 * records list nothing but pass-qualified ip4/ip6 (through nested includes) can be copied exactly.
 */
function flatten(pieces: Piece[], total: (ps: Piece[]) => number, voids: (ps: Piece[]) => number): { pieces: Piece[]; notes: string[] } {
  const notes: string[] = [];
  const out = [...pieces];
  const candidates = out.filter((p) => p.sub && p.text.replace(/^\+/, '').startsWith('include:')).sort((a, b) => b.cost - a.cost || b.voids - a.voids);
  const refused: string[] = [];
  for (const c of candidates) {
    if (total(out) <= LOOKUP_BUDGET && voids(out) <= VOID_BUDGET) break;
    const ranges = rangesOf(c.sub!);
    if (typeof ranges === 'string') {
      refused.push(`"${c.text}" (${ranges})`);
      continue;
    }
    const at = out.indexOf(c);
    const fresh = ranges.filter((r) => !out.some((p) => p.text === r));
    out.splice(at, 1, ...fresh.map((r) => ({ text: r, cost: 0, voids: 0 })));
    notes.push(`"${c.text}" inlined as ${fresh.length} range${fresh.length === 1 ? '' : 's'} (${fresh.join(' ')}), saving ${c.cost} lookup${c.cost === 1 ? '' : 's'}. These are a copy of ${c.sub!.domain}'s list today: when the provider changes it, mail from its new addresses fails SPF. Refresh them (run this check again) monthly and whenever the provider announces new ranges.`);
  }
  if (refused.length && (total(out) > LOOKUP_BUDGET || voids(out) > VOID_BUDGET)) notes.push(`Not inlined: ${refused.join('; ')}.`);
  const kept = out.filter((p) => p.text.replace(/^\+/, '').startsWith('include:')).map((p) => p.text);
  if (notes.length && kept.length) notes.push(`Kept as includes (within the budget, so they follow their provider's changes): ${kept.join(', ')}.`);
  return { pieces: out, notes };
}

/** The pass-qualified ranges an include stands for, or why it cannot be copied exactly. */
function rangesOf(node: SpfTreeNode, depth = 0): string[] | string {
  if (node.error) return node.error.message;
  if (depth > 10) return 'nested too deeply';
  const out: string[] = [];
  const hasAll = node.terms.some((t) => t.type === 'mechanism' && t.kind === 'all');
  for (const t of node.terms) {
    if (t.type === 'modifier') {
      if (t.name !== 'redirect' || hasAll) continue;
      const child = node.children.find((c) => c.via === 'redirect');
      if (!child) return `redirect=${t.value} could not be read`;
      const sub = rangesOf(child, depth + 1);
      if (typeof sub === 'string') return sub;
      out.push(...sub);
      continue;
    }
    if (t.kind === 'all') break; // terms after "all" are never reached (RFC 7208 §4.6.2)
    if (t.qualifier !== '+') return `it has "${t.text}", which a list of ranges cannot express`;
    if (t.kind === 'ip4' || t.kind === 'ip6') out.push(t.text.replace(/^\+/, ''));
    else if (t.kind === 'include') {
      const child = node.children.find((c) => c.term === t.text);
      if (!child) return `${t.text} could not be read`;
      const sub = rangesOf(child, depth + 1);
      if (typeof sub === 'string') return sub;
      out.push(...sub);
    } else return `it uses "${t.text}", which depends on DNS at delivery time`;
  }
  return [...new Set(out)];
}
