/**
 * Tree + verdict → findings. Pure: the words users read live in lib/findings/spf.ts, keyed by these
 * codes; the record to publish is built (and proven) in ./fix.ts.
 */
import type { Finding } from '../types';
import type { SpfEvaluation, EvalFrame } from './evaluate';
import { walkTree } from './tree';
import type { Mechanism, SpfTreeNode } from './types';

export const LOOKUP_LIMIT = 10;
export const VOID_LIMIT = 2;

export interface JudgeInput {
  domain: string;
  ip?: string;
  tree: SpfTreeNode;
  /** All v=spf1 records published at the domain (more than one is an error). */
  published: string[];
  evaluation?: SpfEvaluation;
}

export interface Judgement {
  findings: Finding[];
}

export function judge(input: JudgeInput): Judgement {
  const { domain, tree, evaluation } = input;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (f: Finding, key = `${f.code}|${(f.data?.domain as string | undefined) ?? ''}`) => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };

  const rootKind = tree.error?.kind;
  if (rootKind === 'not-found' || rootKind === 'no-spf' || rootKind === 'invalid-name') {
    add({ code: 'spf.missing', severity: 'fail', detail: `${domain} publishes no SPF record (${tree.error!.message}).`, data: { domain } });
  } else if (rootKind === 'multiple-records') {
    add({ code: 'spf.multiple-records', severity: 'fail', detail: `${domain} publishes ${input.published.length} SPF records; receivers return permerror for all mail.`, data: { domain, records: input.published } });
  } else if (rootKind === 'dns') {
    add({ code: 'spf.dns-error', severity: 'error', detail: `Could not fetch the SPF record of ${domain}: ${tree.error!.message}.`, data: { domain } });
  } else if (tree.record && !tree.error) {
    add({ code: 'spf.ok', severity: 'pass', detail: `${domain} publishes one SPF record.`, data: { domain } });
  }

  if (tree.strings && tree.strings.length > 1) {
    add({ code: 'spf.split-strings', severity: 'info', detail: `The record is published as ${tree.strings.length} strings of ${tree.strings.map((s) => Buffer.byteLength(s)).join(' + ')} bytes, joined with nothing in between.`, data: { domain, strings: tree.strings } });
  }

  walkTree(tree, (node) => nodeFindings(node, node === tree, add));

  // RFC 7208 §4.6.4: counted across the whole tree.
  const count = Math.max(tree.cumulativeLookups, evaluation?.lookups ?? 0);
  const counters = { limit: LOOKUP_LIMIT, count, void: tree.cumulativeVoidLookups };
  if (count > LOOKUP_LIMIT) {
    add({ code: 'spf.too-many-lookups', severity: 'fail', detail: `Evaluating the record can take ${count} DNS lookups; receivers stop at ${LOOKUP_LIMIT} and return permerror.`, data: { domain, ...counters } }, 'spf.too-many-lookups');
  } else if (count >= LOOKUP_LIMIT - 1) {
    add({ code: 'spf.lookups-near-limit', severity: 'warn', detail: `The record needs ${count} of the ${LOOKUP_LIMIT} DNS lookups receivers allow.`, data: { domain, ...counters } });
  }
  const voids = Math.max(tree.cumulativeVoidLookups, evaluation?.voidLookups ?? 0);
  if (voids > VOID_LIMIT) {
    add({ code: 'spf.too-many-void-lookups', severity: 'fail', detail: `${voids} terms look up names with no records; receivers return permerror after ${VOID_LIMIT}.`, data: { domain, limit: VOID_LIMIT, void: voids } }, 'spf.too-many-void-lookups');
  }

  if (tree.record && !tree.error) {
    const found = policyOf(tree);
    const policy = typeof found === 'string' ? undefined : found;
    if (found === 'none') add({ code: 'spf.no-all', severity: 'warn', detail: `The SPF record of ${domain} ends without "all" or redirect=, so unlisted servers get neutral.`, data: { domain } });
    else if (!policy) {
      // A redirect target that could not be read: its own finding says why.
    } else if (policy.qualifier === '+') {
      add({ code: 'spf.plus-all', severity: 'fail', detail: `"${policy.text}" in the record of ${policy.domain} lets any server pass SPF.`, data: { domain: policy.domain } });
    } else if (policy.qualifier === '?') {
      add({ code: 'spf.neutral-all', severity: 'warn', detail: `"${policy.text}" in the record of ${policy.domain}: unlisted servers get neutral.`, data: { domain: policy.domain } });
    } else if (policy.qualifier === '~') {
      add({ code: 'spf.softfail-all', severity: 'info', detail: `"${policy.text}": unlisted servers get softfail.`, data: { domain: policy.domain } });
    } else {
      add({ code: 'spf.fail-all', severity: 'pass', detail: `"${policy.text}": unlisted servers fail SPF.`, data: { domain: policy.domain } });
    }
  }

  if (evaluation && input.ip) {
    const v = evaluation.result;
    const facts = { domain, ip: input.ip, result: v, lookups: evaluation.lookups, voidLookups: evaluation.voidLookups };
    if (v === 'pass') {
      add({ code: 'spf.ip-authorised', severity: 'pass', detail: `${input.ip} is authorised: ${evaluation.reason}.`, data: facts });
    } else if (v === 'fail' || v === 'softfail' || v === 'neutral') {
      add({ code: 'spf.ip-not-authorised', severity: v === 'neutral' ? 'warn' : 'fail', detail: `SPF for ${input.ip} gives ${v}: ${evaluation.reason}.`, data: facts });
    } else if (v === 'temperror' && !findings.some((f) => f.code === 'spf.dns-error')) {
      add({ code: 'spf.dns-error', severity: 'error', detail: `SPF for ${input.ip} could not be tested: ${evaluation.reason}.`, data: facts }, 'spf.dns-error-verdict');
    } else if (v === 'permerror') {
      add({ code: 'spf.permerror', severity: 'fail', detail: `SPF for ${input.ip} gives permerror: ${evaluation.reason}.`, data: facts });
      walkFrames(evaluation.root, (f) => frameFindings(f, add));
    }
  }

  return { findings };
}

function nodeFindings(node: SpfTreeNode, isRoot: boolean, add: (f: Finding, key?: string) => void): void {
  const e = node.error;
  const where = node.term ? `${node.domain} (reached by "${node.term}")` : node.domain;
  if (e?.kind === 'syntax') {
    add({ code: 'spf.syntax', severity: 'fail', detail: `SPF record of ${where}: ${e.errors.map((x) => `at position ${x.position + 1}, ${x.message}`).join('; ')}.`, data: { domain: node.domain, errors: e.errors } });
  } else if (e?.kind === 'loop') {
    add({ code: 'spf.include-loop', severity: 'fail', detail: `${e.message}.`, data: { domain: node.domain } });
  } else if (!isRoot && (e?.kind === 'not-found' || e?.kind === 'no-spf' || e?.kind === 'invalid-name')) {
    add({ code: 'spf.include-missing', severity: 'fail', detail: `"${node.term}": ${e.message}.`, data: { domain: node.domain } });
  } else if (!isRoot && e?.kind === 'multiple-records') {
    add({ code: 'spf.multiple-records', severity: 'fail', detail: `${node.domain} (reached by "${node.term}") publishes more than one SPF record.`, data: { domain: node.domain } });
  } else if (!isRoot && e?.kind === 'dns') {
    add({ code: 'spf.dns-error', severity: 'error', detail: `Could not fetch the SPF record of ${where}: ${e.message}.`, data: { domain: node.domain } });
  } else if (e?.kind === 'macro') {
    add({ code: 'spf.macro-target', severity: 'info', detail: `"${node.term}": ${e.message}.`, data: { domain: node.domain } }, 'spf.macro-target');
  } else if (e?.kind === 'truncated') {
    add({ code: 'spf.tree-truncated', severity: 'warn', detail: e.message, data: { domain: node.domain } }, 'spf.tree-truncated');
  }
  const ptr = node.terms.find((t): t is Mechanism => t.type === 'mechanism' && t.kind === 'ptr');
  if (ptr) add({ code: 'spf.ptr-deprecated', severity: 'warn', detail: `"${ptr.text}" in the SPF record of ${where}.`, data: { domain: node.domain } });
  if (node.voidLookups > 0 && node.cumulativeVoidLookups <= VOID_LIMIT) {
    add({ code: 'spf.void-lookup', severity: 'warn', detail: `${node.voidLookups} term${node.voidLookups === 1 ? '' : 's'} in the SPF record of ${where} look${node.voidLookups === 1 ? 's' : ''} up a name with no records.`, data: { domain: node.domain, void: node.voidLookups } });
  }
}

function frameFindings(f: EvalFrame, add: (f: Finding, key?: string) => void): void {
  const e = f.error;
  if (!e) return;
  if (e.kind === 'too-many-mx') add({ code: 'spf.too-many-mx', severity: 'fail', detail: `${e.message}.`, data: { domain: f.domain } });
  else if (e.kind === 'too-many-lookups') add({ code: 'spf.too-many-lookups', severity: 'fail', detail: `${e.message}.`, data: { domain: f.domain, limit: LOOKUP_LIMIT } }, 'spf.too-many-lookups');
  else if (e.kind === 'too-many-void-lookups') add({ code: 'spf.too-many-void-lookups', severity: 'fail', detail: `${e.message}.`, data: { domain: f.domain, limit: VOID_LIMIT } }, 'spf.too-many-void-lookups');
  else if (e.kind === 'loop') add({ code: 'spf.include-loop', severity: 'fail', detail: `${e.message}.`, data: { domain: f.domain } });
  else if (e.kind === 'no-spf' || e.kind === 'not-found' || e.kind === 'invalid-name') add({ code: 'spf.include-missing', severity: 'fail', detail: `${e.message}.`, data: { domain: f.domain } });
  else if (e.kind === 'syntax') add({ code: 'spf.syntax', severity: 'fail', detail: `${e.message}.`, data: { domain: f.domain, errors: e.errors } });
}

function walkFrames(f: EvalFrame, visit: (f: EvalFrame) => void): void {
  visit(f);
  for (const c of f.children) walkFrames(c, visit);
}

/**
 * The "all" that decides for unlisted servers: the root's, or the redirect target's (RFC 7208
 * §6.1); "none" when the chain has none, "unknown" when a redirect target could not be read.
 */
function policyOf(node: SpfTreeNode, depth = 0): { qualifier: string; text: string; domain: string } | 'none' | 'unknown' {
  const all = node.terms.find((t): t is Mechanism => t.type === 'mechanism' && t.kind === 'all');
  if (all) return { qualifier: all.qualifier, text: all.text, domain: node.domain };
  const redirect = node.children.find((c) => c.via === 'redirect');
  if (!redirect) return node.terms.some((t) => t.type === 'modifier' && t.name === 'redirect') ? 'unknown' : 'none';
  if (redirect.error || depth >= 10) return 'unknown';
  return policyOf(redirect, depth + 1);
}
