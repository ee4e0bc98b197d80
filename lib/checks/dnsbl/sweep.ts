import { isIP } from 'node:net';
import { getDomain } from 'tldts';
import type { DnsResolver } from '../../dns/resolver';
import { reverseName } from '../../dns/ip';
import type { DnsAnswer } from '../../dns/types';
import { classifyAnswer, judgeListedTestPoint, judgeNotListedTestPoint, type RawAnswer } from './classify';
import { recordDnsblListing } from '../../ops/metrics';
import type { DnsblZone, SkippedZone, SweepResult, ZoneListing } from './types';

export interface SweepOptions {
  zones: DnsblZone[];
  /** Each zone's queries end at this deadline, answered or not. */
  deadlineMs: number;
  /** Shown instead of the Spamhaus DQS key in reported names. */
  dqsKey?: string;
}

/** RFC 5782 §5 test points per address family and for domain lists. */
const TEST_POINTS = {
  4: { listed: '127.0.0.2', notListed: '127.0.0.1' },
  6: { listed: '::ffff:7f00:2', notListed: '::ffff:7f00:1' },
  domain: { listed: 'test', notListed: 'invalid' },
} as const;

function toRaw(a: DnsAnswer): RawAnswer {
  return { outcome: a.outcome, addresses: a.records.filter((r) => r.type === 'A').map((r) => r.data as string), message: a.message };
}

/**
 * Ask one question but stop waiting at the deadline. The resolver keeps its own (possibly longer)
 * timeout and de-duplicates names, so a late answer is dropped here and costs nothing else.
 */
function ask(dns: DnsResolver, name: string, until: Promise<'deadline'>): Promise<RawAnswer> {
  return Promise.race([dns.query(name, 'A').then(toRaw), until.then((): RawAnswer => ({ outcome: 'DEADLINE', addresses: [] }))]);
}

function deadline(ms: number): { until: Promise<'deadline'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const until = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), ms);
  });
  return { until, cancel: () => clearTimeout(timer) };
}

interface ZoneQuery {
  zone: DnsblZone;
  query: string;
  listedTp?: string;
  notListedTp?: string;
}

async function runZone(dns: DnsResolver, q: ZoneQuery, deadlineMs: number, redact: (s: string) => string): Promise<ZoneListing> {
  const started = Date.now();
  const { until, cancel } = deadline(deadlineMs);
  try {
    // Target and both test points go out together; none waits for another.
    const [target, notListed, listed] = await Promise.all([
      ask(dns, q.query, until),
      q.notListedTp ? ask(dns, q.notListedTp, until) : undefined,
      q.listedTp ? ask(dns, q.listedTp, until) : undefined,
    ]);
    const c = classifyAnswer(q.zone, target);
    if (c.status === 'listed' && q.zone.list !== 'allow') recordDnsblListing(q.zone.name);
    const tpNot = notListed && q.notListedTp ? judgeNotListedTestPoint(q.zone, redact(q.notListedTp), notListed) : undefined;
    const tpListed = listed && q.listedTp ? judgeListedTestPoint(redact(q.listedTp), listed) : undefined;
    const listing: ZoneListing = {
      zone: redact(q.zone.zone),
      name: q.zone.name,
      operator: q.zone.operator,
      query: redact(q.query),
      listed: c.listed,
      status: c.status,
      codes: c.readings.map((r) => r.code),
      meaning: c.meaning,
      ...(c.effect ? { effect: c.effect } : {}),
      list: q.zone.list,
      ...(q.zone.scope ? { scope: q.zone.scope } : {}),
      delist: q.zone.delist,
      outcome: target.outcome === 'DEADLINE' ? 'TIMEOUT' : target.outcome,
      ms: Date.now() - started,
      ...(tpNot || tpListed ? { testPoints: { ...(tpNot ? { notListed: tpNot } : {}), ...(tpListed ? { listed: tpListed } : {}) } } : {}),
    };
    if (tpNot?.verdict === 'bad') {
      // A list that lists 127.0.0.1 lists everything: report it as broken, never as a listing.
      return {
        ...listing,
        status: 'error',
        listed: false,
        effect: undefined,
        meaning: `This list answers "listed" for the RFC 5782 test point ${tpNot.name} (${Array.isArray(tpNot.answer) ? tpNot.answer.join(', ') : tpNot.answer}), which no working list does: it is broken or wildcarding (a dead list answering everything), so its answer for you is ignored. Remove it with MXRAY_DNSBL_DISABLE=${q.zone.zone}.`,
      };
    }
    return listing;
  } finally {
    cancel();
  }
}

function redactor(key?: string): (s: string) => string {
  if (!key) return (s) => s;
  const k = key.toLowerCase();
  return (s) => s.split(k).join('<dqs-key>');
}

function finish(target: string, kind: 'ip' | 'domain', listings: ZoneListing[], skipped: SkippedZone[], opts: SweepOptions, started: number): SweepResult {
  return { target, kind, listings, skipped, deadlineMs: opts.deadlineMs, ms: Date.now() - started };
}

/** Look an address up in every IP zone at once (RFC 5782 §2.1 / §2.4). */
export async function sweepIp(dns: DnsResolver, ip: string, opts: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const family = isIP(ip);
  if (family !== 4 && family !== 6) throw new Error(`"${ip}" is not an IP address`);
  const skipped: SkippedZone[] = [];
  const queries: ZoneQuery[] = [];
  for (const zone of opts.zones) {
    if (zone.target !== 'ip') continue;
    if (family === 4 ? !zone.ipv4 : !zone.ipv6) {
      skipped.push({ zone: redactor(opts.dqsKey)(zone.zone), reason: `does not list IPv${family} addresses` });
      continue;
    }
    const tp = TEST_POINTS[family];
    const pick = (v: string | null | undefined, fallback: string) => (v === null ? undefined : v && isIP(v) === family ? v : fallback);
    const listedTp = pick(zone.testPoints?.listed, tp.listed);
    const notListedTp = pick(zone.testPoints?.notListed, tp.notListed);
    queries.push({
      zone,
      query: reverseName(ip, zone.zone),
      listedTp: listedTp && reverseName(listedTp, zone.zone),
      notListedTp: notListedTp && reverseName(notListedTp, zone.zone),
    });
  }
  const redact = redactor(opts.dqsKey);
  const listings = await Promise.all(queries.map((q) => runZone(dns, q, opts.deadlineMs, redact)));
  return finish(ip, 'ip', listings, skipped, opts, started);
}

/** The name domain lists want: the registered domain (SURBL/URIBL list those, not hosts). */
export function blocklistName(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: false }) ?? domain;
}

/** Look a domain up in every domain zone at once (RFC 5782 §2.3). */
export async function sweepDomain(dns: DnsResolver, domain: string, opts: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const name = blocklistName(domain.toLowerCase().replace(/\.$/, ''));
  const queries: ZoneQuery[] = opts.zones
    .filter((z) => z.target === 'domain')
    .map((zone) => {
      const listedTp = zone.testPoints?.listed === null ? undefined : (zone.testPoints?.listed ?? TEST_POINTS.domain.listed);
      const notListedTp = zone.testPoints?.notListed === null ? undefined : (zone.testPoints?.notListed ?? TEST_POINTS.domain.notListed);
      return {
        zone,
        query: `${name}.${zone.zone}`,
        listedTp: listedTp && `${listedTp}.${zone.zone}`,
        notListedTp: notListedTp && `${notListedTp}.${zone.zone}`,
      };
    });
  const redact = redactor(opts.dqsKey);
  const listings = await Promise.all(queries.map((q) => runZone(dns, q, opts.deadlineMs, redact)));
  return finish(name, 'domain', listings, [], opts, started);
}
