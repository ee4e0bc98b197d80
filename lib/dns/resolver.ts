import { DnsCache } from './cache';
import type { DnsConfig } from './config';
import { DnsError, describeOutcome } from './errors';
import { isQueryableName } from './names';
import { redactName } from './redact';
import { RCODE_NAMES, presentRecord, toRecord, typeName } from './records';
import { TransportError, exchange, type DnsPacket, type QueryFlags } from './transport';
import { recordDnsQuery } from '../ops/metrics';
import type { DnsAnswer, DnsOutcome, DnsRecord, DnsStats, MxData, QueryTrace, RRType, SecureAnswer } from './types';

export interface ResolverOptions {
  /** Shared cross-check cache; omit for a resolver that remembers only within itself. */
  cache?: DnsCache;
  /** Skip the shared cache for reads (a user pressed "re-check now"); answers are still stored. */
  fresh?: boolean;
  /** Hard cap on distinct questions one check may ask (bounds work per request). */
  maxQuestions?: number;
}

/** mailauth's resolver contract: the shape of dns.promises.resolve. */
export type MailauthResolver = (name: string, rrtype: string) => Promise<unknown>;

/**
 * One resolver per check. It never sends the same question twice: answers (and in-flight promises)
 * are memoised by name+type for its lifetime, and definitive answers go to the shared cache.
 * Every question sent is recorded in `trace`.
 */
export class DnsResolver {
  readonly trace: QueryTrace[] = [];
  readonly stats: DnsStats = { queries: 0, packets: 0, cacheHits: 0, inflightHits: 0, timeouts: 0, totalMs: 0 };
  private local = new Map<string, Promise<DnsAnswer>>();
  private secure = new Map<string, Promise<SecureAnswer>>();
  private readonly origin = Date.now();

  constructor(readonly config: DnsConfig, private readonly opts: ResolverOptions = {}) {}

  /**
   * The shared cache answers may be reused from, or undefined when there is none or this check
   * must not reuse answers ("re-check now"). Results derived from DNS data key on it.
   */
  get reusableCache(): DnsCache | undefined {
    return this.opts.fresh ? undefined : this.opts.cache;
  }

  /** Look up name/type; never throws. The outcome says what happened. */
  query(rawName: string, type: RRType): Promise<DnsAnswer> {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    const key = `${name}|${type}`;
    const mine = this.local.get(key);
    if (mine) {
      this.stats.inflightHits++;
      return mine;
    }
    const shared = this.opts.fresh ? undefined : this.opts.cache?.get(key);
    if (shared) {
      this.stats.cacheHits++;
      const p = Promise.resolve(shared);
      this.local.set(key, p);
      return p;
    }
    if (!isQueryableName(name)) {
      const p = Promise.resolve<DnsAnswer>({ name, type, outcome: 'FORMERR', records: [], cnames: [], ttl: 0, message: `"${name.slice(0, 80)}" is not a valid DNS name` });
      this.local.set(key, p);
      return p;
    }
    if (this.opts.maxQuestions !== undefined && this.stats.queries >= this.opts.maxQuestions) {
      const p = Promise.resolve<DnsAnswer>({ name, type, outcome: 'REFUSED', records: [], cnames: [], ttl: 0, message: `this check reached its limit of ${this.opts.maxQuestions} DNS questions` });
      this.local.set(key, p);
      return p;
    }
    const p = this.send(name, type).then((answer) => {
      if (this.opts.cache && (answer.outcome === 'NOERROR' || answer.outcome === 'NODATA' || answer.outcome === 'NXDOMAIN')) {
        this.opts.cache.set(key, answer, Math.min(answer.ttl, this.config.cacheMaxTtlSec));
      }
      return answer;
    });
    this.local.set(key, p);
    return p;
  }

  /**
   * Ask with the DNSSEC OK bit and report the resolver's AD bit (optionally with CD, to learn
   * whether a SERVFAIL was a validation failure). Never throws. Memoised for this resolver only:
   * the shared cache keeps plain answers, which carry no AD bit, and plain questions are untouched.
   */
  querySecure(rawName: string, type: RRType, opts: { checkingDisabled?: boolean } = {}): Promise<SecureAnswer> {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    const checkingDisabled = !!opts.checkingDisabled;
    const key = `${name}|${type}|${checkingDisabled ? 'do+cd' : 'do'}`;
    const mine = this.secure.get(key);
    if (mine) {
      this.stats.inflightHits++;
      return mine;
    }
    const shared = this.opts.fresh ? undefined : this.opts.cache?.secure.get(key);
    if (shared) {
      this.stats.cacheHits++;
      const p = Promise.resolve(shared);
      this.secure.set(key, p);
      return p;
    }
    const unsent = (outcome: DnsOutcome, message: string): Promise<SecureAnswer> => Promise.resolve({ name, type, outcome, records: [], cnames: [], ttl: 0, message, authenticated: false, checkingDisabled });
    const p = !isQueryableName(name)
      ? unsent('FORMERR', `"${name.slice(0, 80)}" is not a valid DNS name`)
      : this.opts.maxQuestions !== undefined && this.stats.queries >= this.opts.maxQuestions
        ? unsent('REFUSED', `this check reached its limit of ${this.opts.maxQuestions} DNS questions`)
        : this.send(name, type, { dnssecOk: true, checkingDisabled }).then((a) => {
            const answer: SecureAnswer = { ...a, authenticated: a.authenticated ?? false, checkingDisabled };
            // Shared like plain answers (a second check within the TTL asks nothing again), apart
            // from them: a plain answer carries no AD bit.
            if (this.opts.cache && (answer.outcome === 'NOERROR' || answer.outcome === 'NODATA' || answer.outcome === 'NXDOMAIN')) {
              this.opts.cache.secure.set(key, answer, Math.min(answer.ttl, this.config.cacheMaxTtlSec));
            }
            return answer;
          });
    this.secure.set(key, p);
    return p;
  }

  private async send(name: string, type: RRType, flags?: QueryFlags): Promise<DnsAnswer & { authenticated?: boolean }> {
    this.stats.queries++;
    const { servers, timeoutMs, retries } = this.config;
    const started = Date.now();
    let attempts = 0;
    let last: { outcome: DnsOutcome; message: string; server: string; protocol: QueryTrace['protocol']; rcode: string } | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const server = servers[attempt % servers.length]!;
      const where = `${server.host}:${server.port}`;
      attempts++;
      this.stats.packets++;
      try {
        const { packet, protocol } = await exchange(server, name, type, timeoutMs, flags);
        if (protocol !== 'udp') this.stats.packets++;
        const answer = flags?.dnssecOk ? { ...interpret(name, type, packet), authenticated: packet.header.ad === 1 } : interpret(name, type, packet);
        this.record(name, type, where, protocol, RCODE_NAMES[packet.header.rcode] ?? String(packet.header.rcode), answer, attempts, started, flags);
        // SERVFAIL is worth one more try (often a transient upstream failure); other rcodes are final.
        if (answer.outcome === 'SERVFAIL' && attempt < retries) {
          last = { outcome: 'SERVFAIL', message: answer.message ?? '', server: where, protocol, rcode: 'SERVFAIL' };
          continue;
        }
        return answer;
      } catch (e) {
        const err = e as TransportError;
        const outcome: DnsOutcome = err.kind === 'timeout' ? 'TIMEOUT' : err.kind === 'malformed' ? 'MALFORMED' : 'NETWORK';
        if (outcome === 'TIMEOUT') this.stats.timeouts++;
        last = { outcome, message: err.message, server: where, protocol: 'udp', rcode: '-' };
      }
    }
    const outcome = last?.outcome ?? 'TIMEOUT';
    const answer: DnsAnswer = { name, type, outcome, records: [], cnames: [], ttl: 0, message: describeOutcome(outcome, name, type) };
    if (outcome !== 'SERVFAIL') this.record(name, type, last?.server ?? '-', last?.protocol ?? 'udp', last?.rcode ?? '-', answer, attempts, started, flags);
    return answer;
  }

  private record(name: string, type: RRType, server: string, protocol: QueryTrace['protocol'], rcode: string, answer: DnsAnswer & { authenticated?: boolean }, attempts: number, started: number, flags?: QueryFlags) {
    const ms = Date.now() - started;
    this.stats.totalMs += ms;
    recordDnsQuery(type, answer.outcome, ms);
    const dnssec = flags?.dnssecOk ? { flags: flags.checkingDisabled ? ('do+cd' as const) : ('do' as const), ad: answer.authenticated === true } : undefined;
    // One trace row per question: a retried SERVFAIL replaces its earlier row.
    const i = this.trace.findIndex((t) => t.name === redactName(name) && t.type === type && t.dnssec?.flags === dnssec?.flags);
    const row: QueryTrace = { name: redactName(name), type, server, protocol, rcode, outcome: answer.outcome, answers: answer.records.map(presentRecord), ms, attempts, startedAtMs: started - this.origin, ...(dnssec ? { dnssec } : {}) };
    if (i >= 0) this.trace[i] = row;
    else this.trace.push(row);
  }

  /** Like query(), but resolves to the records' data and rejects with a DnsError for anything else. */
  async resolve(name: string, type: RRType): Promise<DnsRecord[]> {
    const answer = await this.query(name, type);
    if (answer.outcome !== 'NOERROR') throw new DnsError(answer.outcome, answer.name, type, answer.message);
    return answer.records;
  }

  /** The resolver handed to mailauth (contract of dns.promises.resolve). */
  readonly mailauth: MailauthResolver = async (name: string, rrtype: string) => {
    const type = rrtype.toUpperCase() as RRType;
    const records = await this.resolve(name, type);
    switch (type) {
      case 'TXT':
      case 'SPF':
        return records.map((r) => r.data as string[]);
      case 'MX':
        return records.map((r) => r.data as MxData);
      default:
        return records.map((r) => r.data);
    }
  };

  /** Distinct questions this resolver has asked or answered from cache. */
  get distinctQuestions(): number {
    return this.local.size;
  }
}

/** Turn a response packet into an answer for the asked question, following the CNAME chain it contains. */
export function interpret(name: string, type: RRType, packet: DnsPacket): DnsAnswer {
  const rcode = packet.header.rcode;
  const soaTtl = negativeTtl(packet);
  const all = packet.answers.map(toRecord).filter((r): r is DnsRecord => r !== null);
  // Follow CNAMEs within the answer section (RFC 1034 §3.6.2), guarding against loops. The chain
  // is kept for negative answers too: an NXDOMAIN at the end of a CNAME is a dangling alias.
  const cnames: string[] = [];
  let current = name;
  const seen = new Set<string>([current]);
  for (;;) {
    const c = all.find((r) => r.type === 'CNAME' && r.name === current);
    if (!c || type === 'CNAME') break;
    const target = (c.data as string).toLowerCase();
    if (seen.has(target)) break;
    seen.add(target);
    cnames.push(target);
    current = target;
  }
  if (rcode === 3) return { name, type, outcome: 'NXDOMAIN', records: [], cnames, ttl: soaTtl, message: describeOutcome('NXDOMAIN', current, type) };
  if (rcode !== 0) {
    const outcome: DnsOutcome = rcode === 2 ? 'SERVFAIL' : rcode === 5 ? 'REFUSED' : 'FORMERR';
    return { name, type, outcome, records: [], cnames, ttl: 0, message: describeOutcome(outcome, name, type) };
  }
  const records = all.filter((r) => r.type === type && (type === 'CNAME' ? r.name === name : r.name === current || seen.has(r.name)));
  if (records.length === 0) {
    return { name, type, outcome: 'NODATA', records: [], cnames, ttl: soaTtl, message: describeOutcome('NODATA', name, type) };
  }
  const ttl = Math.min(...records.map((r) => r.ttl), ...all.filter((r) => r.type === 'CNAME').map((r) => r.ttl));
  return { name, type, outcome: 'NOERROR', records, cnames, ttl };
}

function negativeTtl(packet: DnsPacket): number {
  // RFC 2308 §5: negative answers are cached for min(SOA TTL, SOA MINIMUM).
  const soa = packet.authorities.find((r) => typeName(r.type) === 'SOA');
  if (!soa) return 30;
  return Math.min(soa.ttl, soa.minimum ?? soa.ttl);
}
