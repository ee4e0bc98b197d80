/**
 * Domain check vs its critical path. With L ms of latency on every DNS answer, a check whose
 * independent queries all run at once can finish no sooner than depth × L, where depth is the
 * longest chain of queries each of which needed the previous one's answer. The ratio
 * wall ÷ (depth × L) says how close mxray gets (target ≤ 1.2).
 *
 * depth is measured, not assumed: from the run's DNS trace, query B depends on query A when
 * A's answer names B's owner name (an include target, an MX host, a PTR name, ...). That is
 * conservative: a dependency the heuristic misses only lowers the depth, which raises the ratio.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DnsServerProcess } from '../test/support/dns-server-process';
import { DnsCache } from '../lib/dns/cache';
import { parseServerList } from '../lib/dns/config';
import type { QueryTrace } from '../lib/dns/types';
import { runDomainCheck } from '../lib/report/domain-check';
import { DOMAIN, SERVER_IP, realisticZone } from './fixtures/realistic-domain';
import { exitAfterFlush } from './support/exit';

export interface DomainBenchResult {
  latencyMs: number;
  wallMs: number;
  depth: number;
  ratio: number;
  queriesSent: number;
  distinctQuestions: number;
  duplicateRatio: number;
  secondRunQueries: number;
  selectorsProbed: number;
  checks: Record<string, string>;
}

/** Longest chain in the trace where each query's name appears in the previous one's answers. */
export function criticalDepth(trace: QueryTrace[]): number {
  const depth = new Map<QueryTrace, number>();
  const sorted = [...trace].sort((a, b) => a.startedAtMs - b.startedAtMs);
  for (const q of sorted) {
    let d = 1;
    for (const p of sorted) {
      if (p === q || p.startedAtMs + p.ms > q.startedAtMs + 1) continue; // p must finish before q starts
      const named = p.answers.some((a) => a.toLowerCase().includes(q.name.replace(/^(_dmarc|[^.]*\._report\._dmarc)\./, '')));
      const reverse = p.type === 'PTR' && p.answers.some((a) => a.toLowerCase() === q.name);
      if (named || reverse) d = Math.max(d, (depth.get(p) ?? 1) + 1);
    }
    depth.set(q, d);
  }
  return Math.max(0, ...depth.values());
}

export async function benchDomainCheck(latencyMs = 50): Promise<DomainBenchResult> {
  // The DNS server runs in its own process, as a real resolver would. The warm-up domain has the
  // same shape under other names, so the JIT is warm but no answer is cached for the measured run.
  const dns = await DnsServerProcess.start({ ...realisticZone('warm.example'), ...realisticZone() }, latencyMs); // the measured zone wins where names coincide (the PTR)
  try {
    const config = { servers: parseServerList(dns.address), timeoutMs: 2000, retries: 1, cacheMaxTtlSec: 300 };
    const cache = new DnsCache();
    // No selector given: the DKIM check probes its default list (≥ 20 selectors, as the issue asks).
    const selectors: string[] = [];
    // Warm the process (module loading, JIT) on the look-alike domain: a long-running server is warm.
    await runDomainCheck({ domain: DOMAIN.replace('bench.example', 'warm.example'), ip: SERVER_IP, selectors }, { dns: config, cache: new DnsCache() });
    // Median of five runs, each with an empty cache; the last one's log and trace are analysed.
    const walls: number[] = [];
    let report!: Awaited<ReturnType<typeof runDomainCheck>>;
    for (let i = 0; i < 5; i++) {
      await dns.clearLog();
      const fresh = i === 4 ? cache : new DnsCache();
      const t0 = performance.now();
      report = await runDomainCheck({ domain: DOMAIN, ip: SERVER_IP, selectors }, { dns: config, cache: fresh });
      walls.push(performance.now() - t0);
    }
    const wallMs = [...walls].sort((a, b) => a - b)[2]!;
    const received = await dns.received();
    const sent = received.length;
    // A DNSSEC question (DO bit) is a different question from the plain one: its answer carries the AD bit.
    const distinct = new Set(received.map((q) => `${q.name}|${q.type}|${q.protocol}|${q.dnssecOk ? 'do' : ''}`)).size;
    const depth = criticalDepth(report.dns.trace);
    await dns.clearLog();
    await runDomainCheck({ domain: DOMAIN, ip: SERVER_IP, selectors }, { dns: config, cache });
    const secondRunQueries = (await dns.received()).length;
    return {
      latencyMs,
      wallMs,
      depth,
      ratio: wallMs / (depth * latencyMs),
      queriesSent: sent,
      distinctQuestions: distinct,
      duplicateRatio: sent / distinct,
      secondRunQueries,
      selectorsProbed: report.dns.trace.filter((q) => q.name.includes('._domainkey.')).length,
      checks: Object.fromEntries(report.checks.map((c) => [c.id, c.status])),
    };
  } finally {
    await dns.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchDomainCheck().then((r) => {
    console.log(`domain check of ${DOMAIN} (+ ${SERVER_IP}) with L = ${r.latencyMs} ms per answer`);
    console.log(`  wall ${r.wallMs.toFixed(0)} ms, critical path ${r.depth} × ${r.latencyMs} ms → ratio ${r.ratio.toFixed(2)} (target ≤ 1.2)`);
    console.log(`  queries sent ${r.queriesSent} ÷ distinct questions ${r.distinctQuestions} = ${r.duplicateRatio.toFixed(2)} (target 1.00)`);
    console.log(`  second check within the cache lifetime sent ${r.secondRunQueries} queries (target 0)`);
    console.log(`  statuses: ${JSON.stringify(r.checks)}`);
    exitAfterFlush(0);
  });
}
