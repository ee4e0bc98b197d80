/** SPF domain types shared by the parser, the evaluator, the tree builder and the check. */

export type Qualifier = '+' | '-' | '~' | '?';

/** RFC 7208 §2.6 results of check_host(). */
export type SpfVerdict = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror';

export type MechanismKind = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

/** Mechanisms and modifiers that cost one of the 10 DNS-querying terms (RFC 7208 §4.6.4). */
export const LOOKUP_MECHANISMS: ReadonlySet<MechanismKind> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

export interface Mechanism {
  type: 'mechanism';
  kind: MechanismKind;
  qualifier: Qualifier;
  /** The term as written, e.g. "~include:_spf.example.com". */
  text: string;
  /** 0-based offset of the term in the record text. */
  position: number;
  /** include, exists, and optional for a, mx, ptr. */
  domainSpec?: string;
  /** ip4 / ip6: the network address as written. */
  network?: string;
  /** a, mx, ip4: prefix length for IPv4 (default 32). */
  cidr4?: number;
  /** a, mx, ip6: prefix length for IPv6 (default 128). */
  cidr6?: number;
}

export interface Modifier {
  type: 'modifier';
  /** Lower-cased name: "redirect", "exp" or an unknown modifier's name. */
  name: string;
  value: string;
  text: string;
  position: number;
}

export type Term = Mechanism | Modifier;

export interface SpfSyntaxError {
  /** 0-based offset in the record text. */
  position: number;
  /** The offending term (or the record start). */
  term: string;
  /** A sentence for the person editing the record. */
  message: string;
}

export interface ParsedRecord {
  text: string;
  terms: Term[];
  errors: SpfSyntaxError[];
  /** The redirect= modifier, if exactly one. */
  redirect?: Modifier;
  /** The exp= modifier, if exactly one. */
  exp?: Modifier;
}

/** The SMTP facts check_host() works on (RFC 7208 §4.1). */
export interface SpfQuery {
  /** Client IP (IPv4-mapped IPv6 already turned into IPv4). */
  ip: string;
  /** MAIL FROM; empty means the null sender (the check uses postmaster@helo). */
  sender: string;
  helo: string;
  /** Name of the host doing the check, for the %{r} macro. */
  receiver?: string;
  /** Seconds since the epoch for %{t}. */
  now?: number;
}

/** One DNS-querying term or record fetch problem on a node of the tree. */
export type NodeError =
  | { kind: 'loop'; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'no-spf'; message: string }
  | { kind: 'multiple-records'; message: string }
  | { kind: 'syntax'; message: string; errors: SpfSyntaxError[] }
  | { kind: 'dns'; message: string; outcome: string }
  | { kind: 'invalid-name'; message: string }
  | { kind: 'macro'; message: string }
  | { kind: 'too-many-lookups'; message: string }
  | { kind: 'too-many-void-lookups'; message: string }
  | { kind: 'too-many-mx'; message: string }
  | { kind: 'truncated'; message: string };

/** How the verdict walk used a node (absent when the node was not reached or no IP was given). */
export interface NodeEvaluation {
  result: SpfVerdict;
  /** Index into `terms` of the mechanism that decided the result. */
  matchedTerm?: number;
  /** Index of the last term the walk looked at. */
  reachedTerm?: number;
}

/** A node of the include/redirect tree: render-ready plain data. */
export interface SpfTreeNode {
  domain: string;
  /** How this node was reached from its parent. */
  via: 'root' | 'include' | 'redirect';
  /** The term in the parent that leads here (e.g. "include:_spf.example.com"). */
  term?: string;
  /** Index of that term in the parent's `terms`. */
  termIndex?: number;
  /** The record as published (joined) and its character-strings. */
  record?: string;
  strings?: string[];
  terms: Term[];
  /** DNS-querying terms in this record itself (RFC 7208 §4.6.4). */
  lookups: number;
  /** This node's lookups plus all descendants': what evaluating it may cost. */
  cumulativeLookups: number;
  /** Terms of this record whose lookup found nothing (NXDOMAIN or no records). */
  voidLookups: number;
  /** This node's void lookups plus all descendants'. */
  cumulativeVoidLookups: number;
  children: SpfTreeNode[];
  error?: NodeError;
  evaluation?: NodeEvaluation;
}

export interface LookupCounters {
  limit: number;
  count: number;
  void: number;
  voidLimit: number;
}
