/**
 * check_host() of RFC 7208 §4: the verdict for one IP, sender and HELO. Terms are evaluated in
 * record order and DNS-querying terms are counted in that order (§4.6.4), so the verdict is the
 * RFC's; the DNS answers themselves may already be in the resolver's cache because the tree
 * builder fetched them concurrently. Every record visited is recorded as a frame, so the tree
 * shown to the user and the verdict come from the same walk.
 */
import type { DnsResolver } from '../../dns/resolver';
import type { DnsAnswer, DnsOutcome } from '../../dns/types';
import { inNetwork } from './cidr';
import { fetchSpfRecord, validTargetName, type TxtRecord } from './fetch';
import { expandTokens, parseDomainSpec, parseMacroString, truncateDomain, usesLetter } from './macro';
import { ReverseNames } from './reverse';
import { identityFrom, macroValues, type Identity } from './sender';
import type { Mechanism, Modifier, NodeError, Qualifier, SpfQuery, SpfVerdict, Term } from './types';

export interface SpfLimits {
  /** RFC 7208 §4.6.4: DNS-querying terms per check_host(). */
  lookups: number;
  /** RFC 7208 §4.6.4: void lookups (NXDOMAIN or empty answers); RECOMMENDED default 2. */
  voids: number;
  /** RFC 7208 §4.6.4: MX records looked at by one mx mechanism. */
  mxRecords: number;
  /** RFC 7208 §4.6.4: PTR names looked at by ptr and %{p}. */
  ptrNames: number;
  /** RFC 7208 §4.6.4: SHOULD allow at least 20 s before giving up with temperror. */
  deadlineMs: number;
}

export const SPF_LIMITS: SpfLimits = { lookups: 10, voids: 2, mxRecords: 10, ptrNames: 10, deadlineMs: 20_000 };

/** One record visited by the verdict walk. */
export interface EvalFrame {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  term?: string;
  termIndex?: number;
  record?: TxtRecord;
  terms: Term[];
  result?: SpfVerdict;
  matchedTerm?: number;
  reachedTerm?: number;
  error?: NodeError;
  children: EvalFrame[];
}

export interface SpfEvaluation {
  result: SpfVerdict;
  /** Text of the exp= explanation (only for fail, RFC 7208 §6.2). */
  explanation?: string;
  /** What decided the result, in a sentence. */
  reason: string;
  /** The mechanism that matched, if one did. */
  matched?: { domain: string; term: string };
  lookups: number;
  voidLookups: number;
  root: EvalFrame;
}

const RESULT: Record<Qualifier, SpfVerdict> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

class Abort extends Error {
  constructor(readonly result: 'permerror' | 'temperror', message: string) {
    super(message);
  }
}

interface Decision {
  result: SpfVerdict;
  explanation?: string;
  reason: string;
  matched?: { domain: string; term: string };
}

export async function evaluateSpf(dns: DnsResolver, domain: string, query: SpfQuery, limits: SpfLimits = SPF_LIMITS): Promise<SpfEvaluation> {
  const target = domain.replace(/\.$/, '').toLowerCase();
  const root: EvalFrame = { domain: target, via: 'root', terms: [], children: [] };
  const id = identityFrom(query);
  if (!id) {
    return { result: 'permerror', reason: `"${query.ip}" is not an IP address`, lookups: 0, voidLookups: 0, root };
  }
  const walk = new Walk(dns, id, limits);
  // RFC 7208 §4.3: a malformed or single-label <domain> gives "none" without any lookup.
  const invalid = validTargetName(target, true);
  if (invalid) {
    root.error = { kind: 'invalid-name', message: invalid };
    root.result = 'none';
    return { result: 'none', reason: `no SPF check is possible: ${invalid}`, lookups: 0, voidLookups: 0, root };
  }
  try {
    const d = await walk.checkHost(target, root, []);
    return { ...d, lookups: walk.lookups, voidLookups: walk.voids, root };
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
    return { result: e.result, reason: e.message, lookups: walk.lookups, voidLookups: walk.voids, root };
  }
}

class Walk {
  lookups = 0;
  voids = 0;
  private readonly deadline: number;
  private readonly reverse: ReverseNames;

  constructor(private readonly dns: DnsResolver, private readonly id: Identity, private readonly limits: SpfLimits) {
    this.deadline = Date.now() + limits.deadlineMs;
    this.reverse = new ReverseNames(dns, id.ip, id.version, limits.ptrNames);
  }

  async checkHost(domain: string, frame: EvalFrame, stack: string[]): Promise<Decision> {
    try {
      const d = await this.evaluateRecord(domain, frame, stack);
      frame.result = d.result;
      return d;
    } catch (e) {
      if (e instanceof Abort) frame.result ??= e.result;
      throw e;
    }
  }

  private fail(frame: EvalFrame, result: 'permerror' | 'temperror', error: NodeError): never {
    frame.error ??= error;
    throw new Abort(result, error.message);
  }

  private async evaluateRecord(domain: string, frame: EvalFrame, stack: string[]): Promise<Decision> {
    this.checkDeadline(frame);
    const lookup = await fetchSpfRecord(this.dns, domain);
    switch (lookup.kind) {
      case 'invalid-name':
        frame.error = { kind: 'invalid-name', message: lookup.message };
        return { result: 'none', reason: lookup.message };
      case 'none':
        frame.error = lookup.outcome === 'NXDOMAIN' ? { kind: 'not-found', message: lookup.message } : { kind: 'no-spf', message: lookup.message };
        return { result: 'none', reason: `${domain} publishes no SPF record` };
      case 'error':
        return this.fail(frame, 'temperror', { kind: 'dns', message: lookup.message, outcome: lookup.outcome });
      case 'multiple':
        frame.record = lookup.records[0];
        return this.fail(frame, 'permerror', { kind: 'multiple-records', message: lookup.message });
      case 'found':
        break;
    }
    const parsed = lookup.parsed;
    frame.record = lookup.record;
    frame.terms = parsed.terms;
    if (parsed.errors.length > 0) {
      // RFC 7208 §4.6: a syntax error anywhere in the record is a permerror before any evaluation.
      const first = parsed.errors[0]!;
      return this.fail(frame, 'permerror', { kind: 'syntax', message: `syntax error in the SPF record of ${domain}: ${first.message}`, errors: parsed.errors });
    }
    for (let i = 0; i < parsed.terms.length; i++) {
      const term = parsed.terms[i]!;
      if (term.type !== 'mechanism') continue;
      frame.reachedTerm = i;
      const match = await this.mechanism(term, i, domain, frame, stack);
      if (!match) continue;
      const result = RESULT[term.qualifier];
      frame.matchedTerm = i;
      // RFC 7208 §6.2: the explanation is computed only for a fail produced by this record's own mechanism.
      const explanation = result === 'fail' && parsed.exp ? await this.explain(parsed.exp, domain) : undefined;
      return {
        result,
        reason: `"${term.text}" in the SPF record of ${domain} matched ${this.id.ip}`,
        matched: { domain, term: term.text },
        ...(explanation !== undefined ? { explanation } : {}),
      };
    }
    if (parsed.redirect) {
      // RFC 7208 §6.1: redirect applies only when no mechanism matched.
      const redirect = parsed.redirect;
      frame.reachedTerm = parsed.terms.indexOf(redirect);
      this.count(frame, redirect.text);
      const target = await this.expandDomain(redirect.value, domain);
      const child: EvalFrame = { domain: target, via: 'redirect', term: redirect.text, termIndex: parsed.terms.indexOf(redirect), terms: [], children: [] };
      frame.children.push(child);
      this.guardTarget(child, target, stack, domain, 'redirect');
      const d = await this.checkHost(target, child, [...stack, domain]);
      if (d.result === 'none') {
        // RFC 7208 §6.1: a redirect to a domain without an SPF record is a permerror, not "none".
        return this.fail(frame, 'permerror', { kind: 'no-spf', message: `${redirect.text}: ${target} has no SPF record` });
      }
      return d;
    }
    return { result: 'neutral', reason: `no mechanism in the SPF record of ${domain} matched ${this.id.ip} (default result neutral)` };
  }

  /** An include/redirect target must be a valid name and must not already be on the path. */
  private guardTarget(child: EvalFrame, target: string, stack: string[], domain: string, what: string): void {
    const invalid = validTargetName(target, true);
    if (invalid) this.fail(child, 'permerror', { kind: 'invalid-name', message: `${what} target ${invalid}` });
    if (target === domain || stack.includes(target)) {
      // Evaluating it again would repeat the same walk until the lookup limit: RFC 7208 §4.6.4 makes that a permerror.
      this.fail(child, 'permerror', { kind: 'loop', message: `${what} loop: ${[...stack, domain, target].join(' → ')}` });
    }
  }

  private async mechanism(m: Mechanism, index: number, domain: string, frame: EvalFrame, stack: string[]): Promise<boolean> {
    switch (m.kind) {
      case 'all':
        return true;
      case 'ip4':
        return this.id.version === 4 && inNetwork(this.id.ip, m.network!, m.cidr4 ?? 32);
      case 'ip6':
        return this.id.version === 6 && inNetwork(this.id.ip, m.network!, m.cidr6 ?? 128);
      case 'include': {
        this.count(frame, m.text);
        const target = await this.expandDomain(m.domainSpec!, domain);
        const child: EvalFrame = { domain: target, via: 'include', term: m.text, termIndex: index, terms: [], children: [] };
        frame.children.push(child);
        this.guardTarget(child, target, stack, domain, 'include');
        const d = await this.checkHost(target, child, [...stack, domain]);
        // RFC 7208 §5.2: only pass matches; none is a permerror; errors were thrown already.
        if (d.result === 'none') return this.fail(frame, 'permerror', { kind: 'no-spf', message: `${m.text}: ${target} has no SPF record` });
        return d.result === 'pass';
      }
      case 'a': {
        this.count(frame, m.text);
        const target = m.domainSpec ? await this.expandDomain(m.domainSpec, domain) : domain;
        if (validTargetName(target)) return false; // RFC 7208 §4.8: an unusable name matches nothing
        const addrs = await this.addresses(frame, target, true);
        return this.matchesAny(addrs, m);
      }
      case 'mx': {
        this.count(frame, m.text);
        const target = m.domainSpec ? await this.expandDomain(m.domainSpec, domain) : domain;
        if (validTargetName(target)) return false;
        const answer = await this.ask(frame, target, 'MX');
        if (this.isVoid(frame, answer, m.text)) return false;
        if (answer.records.length > this.limits.mxRecords) {
          return this.fail(frame, 'permerror', { kind: 'too-many-mx', message: `${m.text}: ${target} has ${answer.records.length} MX records; SPF looks at no more than ${this.limits.mxRecords}` });
        }
        // RFC 7208 §5.4: MX host addresses may be fetched together; they are judged in record order.
        const hosts = answer.records.map((r) => (r.data as { exchange: string }).exchange.replace(/\.$/, '')).filter((h) => h !== '' && !validTargetName(h));
        const lists = await Promise.all(hosts.map((h) => this.addresses(frame, h, false)));
        return lists.some((addrs) => this.matchesAny(addrs, m));
      }
      case 'ptr': {
        this.count(frame, m.text);
        const target = (m.domainSpec ? await this.expandDomain(m.domainSpec, domain) : domain).toLowerCase();
        const ptr = await this.reverse.lookup();
        if (ptr.outcome === 'NXDOMAIN' || ptr.outcome === 'NODATA') this.isVoid(frame, ptr, m.text);
        return this.reverse.matches(target);
      }
      case 'exists': {
        this.count(frame, m.text);
        const target = await this.expandDomain(m.domainSpec!, domain);
        if (validTargetName(target)) return false;
        // RFC 7208 §5.7: always an A query, whatever the client's IP version.
        const answer = await this.ask(frame, target, 'A');
        return !this.isVoid(frame, answer, m.text);
      }
    }
  }

  private matchesAny(addrs: string[], m: Mechanism): boolean {
    const prefix = this.id.version === 4 ? (m.cidr4 ?? 32) : (m.cidr6 ?? 128);
    return addrs.some((a) => inNetwork(this.id.ip, a, prefix));
  }

  /** A or AAAA for the client's IP version (RFC 7208 §5.3); DNS errors are temperror. */
  private async addresses(frame: EvalFrame, name: string, countVoid: boolean): Promise<string[]> {
    const answer = await this.ask(frame, name, this.id.version === 4 ? 'A' : 'AAAA');
    if (answer.outcome !== 'NOERROR') {
      if (countVoid) this.isVoid(frame, answer, name);
      return [];
    }
    return answer.records.map((r) => r.data as string);
  }

  private async ask(frame: EvalFrame, name: string, type: 'A' | 'AAAA' | 'MX'): Promise<DnsAnswer> {
    this.checkDeadline(frame);
    const answer = await this.dns.query(name, type);
    if (!isDefinitive(answer.outcome)) {
      // RFC 7208 §5: any other RCODE or a timeout ends check_host() with temperror.
      this.fail(frame, 'temperror', { kind: 'dns', message: answer.message ?? `${type} lookup for ${name} failed (${answer.outcome})`, outcome: answer.outcome });
    }
    return answer;
  }

  /** Counts a void lookup (RFC 7208 §4.6.4) and enforces its limit. */
  private isVoid(frame: EvalFrame, answer: DnsAnswer, what: string): boolean {
    if (answer.outcome === 'NOERROR' && answer.records.length > 0) return false;
    this.voids++;
    if (this.voids > this.limits.voids) {
      this.fail(frame, 'permerror', { kind: 'too-many-void-lookups', message: `${what}: more than ${this.limits.voids} lookups found nothing (void lookups); RFC 7208 §4.6.4 makes that a permerror` });
    }
    return true;
  }

  /** RFC 7208 §4.6.4: the 11th DNS-querying term is a permerror. */
  private count(frame: EvalFrame, term: string): void {
    this.lookups++;
    if (this.lookups > this.limits.lookups) {
      this.fail(frame, 'permerror', { kind: 'too-many-lookups', message: `"${term}" is DNS-querying term number ${this.lookups}; SPF allows at most ${this.limits.lookups}` });
    }
  }

  private checkDeadline(frame: EvalFrame): void {
    if (Date.now() > this.deadline) this.fail(frame, 'temperror', { kind: 'dns', message: `SPF evaluation took longer than ${this.limits.deadlineMs} ms`, outcome: 'TIMEOUT' });
  }

  /** Expand a domain-spec (already syntax-checked) for a DNS query (RFC 7208 §7.3, §4.8). */
  private async expandDomain(spec: string, domain: string): Promise<string> {
    const parsed = parseDomainSpec(spec);
    if (!parsed.ok) return '';
    const values = macroValues(this.id, domain);
    if (usesLetter(parsed.tokens, 'p')) values.p = await this.reverse.validatedName(domain);
    return truncateDomain(expandTokens(parsed.tokens, values)).toLowerCase();
  }

  /** RFC 7208 §6.2: the exp= text; any problem means "as if no exp was given". */
  private async explain(exp: Modifier, domain: string): Promise<string | undefined> {
    const target = await this.expandDomain(exp.value, domain);
    if (validTargetName(target)) return undefined;
    const answer = await this.dns.query(target, 'TXT');
    if (answer.outcome !== 'NOERROR' || answer.records.length !== 1) return undefined;
    const text = (answer.records[0]!.data as string[]).join('');
    const parsed = parseMacroString(text, true);
    if (!parsed.ok) return undefined;
    const values = macroValues(this.id, domain);
    if (usesLetter(parsed.tokens, 'p')) values.p = await this.reverse.validatedName(domain);
    return expandTokens(parsed.tokens, values);
  }
}

function isDefinitive(outcome: DnsOutcome): boolean {
  return outcome === 'NOERROR' || outcome === 'NODATA' || outcome === 'NXDOMAIN';
}
