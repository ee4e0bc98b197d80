/**
 * DNSBL sweep wall time against the real test DNS server with a fixed latency per answer.
 * The sweep asks every zone (target + two RFC 5782 test points) at once, so its wall time should
 * be about one latency, and with dead zones about their deadline — never the sum.
 *
 *   npx tsx bench/dnsbl.ts            prints the numbers and ratios measured in this run
 *   import { benchDnsbl } ...         returns them (for `npm run bench`)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DnsResolver, parseServerList } from '../lib/dns';
import { sweepIp } from '../lib/checks/dnsbl/sweep';
import { DEFAULT_ZONES } from '../lib/checks/dnsbl/zones';
import type { DnsblZone } from '../lib/checks/dnsbl/types';
import { TestDnsServer, type Zone } from '../test/support/dns-server';
import { deadZone, LISTED_IP, scenarioZone } from '../test/fixtures/zones/dnsbl';

// A type alias (not an interface) so it is assignable to Record<string, number> for bench/run.ts.
export type DnsblBench = {
  zones: number;
  questions: number;
  latencyMs: number;
  deadlineMs: number;
  /** Whole default list, every zone alive. */
  parallelMs: number;
  /** The same zones asked one after another (what a naive loop costs). */
  sequentialMs: number;
  /** With two dead zones that never answer. */
  withDeadMs: number;
  /** The same number of questions sent straight through DnsResolver, all at once: the DNS layer's floor on this machine. */
  floorMs: number;
  /** parallelMs / latency: the acceptance bound is 1.5. */
  ratioToLatency: number;
  /** withDeadMs / (1.5 × latency + deadline): must stay below 1. */
  ratioToBound: number;
  /** parallelMs / floorMs: what the sweep adds over bare parallel DNS. */
  ratioToFloor: number;
  /** sequentialMs / parallelMs. */
  speedup: number;
};

export async function benchDnsbl(opts: { latencyMs?: number; deadlineMs?: number; runs?: number } = {}): Promise<DnsblBench> {
  const latencyMs = opts.latencyMs ?? 50;
  const deadlineMs = opts.deadlineMs ?? 400;
  const runs = opts.runs ?? 5;
  const live = liveZones();
  const dead: DnsblZone[] = [
    { ...live[0]!, zone: 'dead-1.example', name: 'dead 1', dqs: undefined },
    { ...live[0]!, zone: 'dead-2.example', name: 'dead 2', dqs: undefined },
  ];
  // The DNS server runs in its own process, as a real resolver would: its CPU time is not the sweep's.
  const { child, address } = await startServerProcess(latencyMs);
  const resolver = () => new DnsResolver({ servers: parseServerList(address), timeoutMs: 5000, retries: 0, cacheMaxTtlSec: 0 });
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  try {
    await sweepIp(resolver(), LISTED_IP, { zones: live, deadlineMs }); // warm-up (JIT, sockets)
    const par: number[] = [];
    const withDead: number[] = [];
    const floor: number[] = [];
    const names = Array.from({ length: live.length * 3 }, (_, i) => `n${i}.floor.example`);
    for (let i = 0; i < runs; i++) {
      const r = resolver();
      floor.push(await time(() => Promise.all(names.map((n) => r.query(n, 'A')))));
      par.push(await time(() => sweepIp(resolver(), LISTED_IP, { zones: live, deadlineMs })));
      withDead.push(await time(() => sweepIp(resolver(), LISTED_IP, { zones: [...live, ...dead], deadlineMs })));
    }
    const sequentialMs = await time(async () => {
      const r = resolver();
      for (const zone of live) await sweepIp(r, LISTED_IP, { zones: [zone], deadlineMs });
    });
    const parallelMs = median(par);
    const withDeadMs = median(withDead);
    const floorMs = median(floor);
    return {
      zones: live.length,
      questions: live.length * 3,
      latencyMs,
      deadlineMs,
      parallelMs: Math.round(parallelMs),
      sequentialMs: Math.round(sequentialMs),
      withDeadMs: Math.round(withDeadMs),
      floorMs: Math.round(floorMs),
      ratioToLatency: +(parallelMs / latencyMs).toFixed(2),
      ratioToBound: +(withDeadMs / (1.5 * latencyMs + deadlineMs)).toFixed(2),
      ratioToFloor: +(parallelMs / floorMs).toFixed(2),
      speedup: +(sequentialMs / parallelMs).toFixed(1),
    };
  } finally {
    child.kill();
  }
}

function liveZones(): DnsblZone[] {
  return DEFAULT_ZONES.filter((z) => z.enabled !== false && z.zone !== 'b.barracudacentral.org');
}

function floorNames(n: number): Zone {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`n${i}.floor.example`, { A: ['127.0.0.2'] }]));
}

/** Child mode: serve the bench zones and print the address. */
async function serve(latencyMs: number): Promise<void> {
  const dns = await new TestDnsServer({
    latencyMs,
    zone: { ...floorNames(liveZones().length * 3), ...scenarioZone(liveZones()), ...deadZone('dead-1.example', [LISTED_IP]), ...deadZone('dead-2.example', [LISTED_IP]) },
  }).start();
  process.stdout.write(`${dns.address}\n`);
  process.on('SIGTERM', () => void dns.stop().then(() => process.exit(0)));
}

async function startServerProcess(latencyMs: number): Promise<{ child: ChildProcess; address: string }> {
  // Same loader flags (tsx) as this process, so the child can run this TypeScript file too.
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench DNS server did not start within 30 s')), 30_000);
    child.stdout!.on('data', (d: string) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    void once(child, 'exit').then(() => reject(new Error('bench DNS server exited')));
  });
  return { child, address };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv[2] === '--serve') {
  await serve(Number(process.argv[3] ?? 50));
} else if (isMain) {
  const r = await benchDnsbl();
  console.log(`DNSBL sweep, ${r.zones} live zones (3 questions each), test DNS latency ${r.latencyMs} ms, deadline ${r.deadlineMs} ms`);
  console.log(`  all zones alive:        ${r.parallelMs} ms  = ${r.ratioToLatency} × latency   (bound 1.5)`);
  console.log(`  plus 2 dead zones:      ${r.withDeadMs} ms  = ${r.ratioToBound} × (1.5 × latency + deadline)   (bound 1)`);
  console.log(`  bare DNS, same ${r.questions} questions at once: ${r.floorMs} ms  (sweep = ${r.ratioToFloor} × this floor)`);
  console.log(`  one zone at a time:     ${r.sequentialMs} ms  = ${r.speedup} × the parallel sweep`);
  const ok = r.ratioToLatency < 1.5 && r.ratioToBound < 1;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
}
