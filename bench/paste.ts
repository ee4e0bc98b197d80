/**
 * Paste analysis: parse + verify time for a ~50 KB Gmail-received message, a 10 MB message, and
 * the worst case over a generated fuzz corpus. Baseline in the same run: mailauth's own
 * authenticate() on the same bytes (what verification alone costs), so the ratio shows what
 * mxray's parsing, hop building and explanations add.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { TestDnsServer } from '../test/support/dns-server';
import { DnsCache } from '../lib/dns/cache';
import { parseServerList } from '../lib/dns/config';
import { DnsResolver } from '../lib/dns/resolver';
import { DEFAULT_LIMITS } from '../lib/checks/types';
import { analyzeMessage } from '../lib/message';
import { corpus } from '../test/support/corpora';
import { exitAfterFlush } from './support/exit';
import type { Row } from './support/row';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A real Gmail-received message with ARC (mailauth's fixture, MIT; see shared/corpora/headers-real/SOURCES.md).
const SAMPLE = corpus('headers-real', 'mailauth', 'message3.eml');

function grow(base: Buffer, bytes: number): Buffer {
  // Keep the headers, pad the body with ordinary text lines up to the size wanted.
  const line = Buffer.from('Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n');
  const parts = [base];
  let size = base.length;
  while (size < bytes) {
    parts.push(line);
    size += line.length;
  }
  return Buffer.concat(parts);
}

async function time<T>(fn: () => Promise<T>, repeat: number): Promise<number> {
  await fn(); // warm
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) await fn();
  return (performance.now() - t0) / repeat;
}

export async function benchPaste(): Promise<{ rows: Row[]; raw: Record<string, number> }> {
  const dns = await new TestDnsServer({ zone: {} }).start();
  const config = { servers: parseServerList(dns.address), timeoutMs: 500, retries: 0, cacheMaxTtlSec: 60 };
  // A fresh resolver per analysis, as a real request gets; the shared cache is cleared between runs.
  const ctx = () => ({ dns: new DnsResolver(config, { cache: new DnsCache() }), limits: DEFAULT_LIMITS, now: new Date() });
  const { authenticate } = (await import('mailauth')) as unknown as { authenticate: (m: Buffer, o: Record<string, unknown>) => Promise<unknown> };
  const bare = (m: Buffer) => authenticate(m, { ip: '192.0.2.1', helo: 'mail.example.com', sender: 'a@example.com', mta: 'mxray', resolver: ctx().dns.mailauth });
  try {
    const sample = fs.readFileSync(SAMPLE);
    const m50k = grow(sample, 50 * 1024);
    const m10m = grow(sample, 10 * 1024 * 1024);
    const raw: Record<string, number> = {};
    raw.ms50k = await time(() => analyzeMessage(m50k, { ctx: ctx() }), 20);
    raw.bare50k = await time(() => bare(m50k), 20);
    raw.ms10m = await time(() => analyzeMessage(m10m, { ctx: ctx() }), 3);
    raw.bare10m = await time(() => bare(m10m), 3);
    // Fuzz corpus: arbitrary strings and header-shaped junk, seeded so runs compare.
    const junk = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 20_000 }),
        fc.array(fc.tuple(fc.constantFrom('Received', 'Authentication-Results', 'DKIM-Signature', 'From', 'ARC-Seal', 'X'), fc.string({ maxLength: 2000 })), { maxLength: 300 }).map((hs) => hs.map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\nbody'),
        fc.uint8Array({ maxLength: 50_000 }).map((a) => Buffer.from(a).toString('latin1')),
      ),
      { numRuns: 300, seed: 7 },
    );
    let worst = 0;
    for (const j of junk) {
      const t0 = performance.now();
      await analyzeMessage(j, { ctx: ctx() });
      worst = Math.max(worst, performance.now() - t0);
    }
    raw.fuzzWorstMs = worst;
    raw.fuzzCases = junk.length;
    const rows: Row[] = [
      { bench: 'paste analysis', measure: '50 KB Gmail message: mxray ms (÷ bare mailauth)', value: `${raw.ms50k.toFixed(1)} ms (${(raw.ms50k / raw.bare50k).toFixed(2)}×)`, target: '', ok: null },
      { bench: 'paste analysis', measure: '10 MB message: mxray ms (÷ bare mailauth)', value: `${raw.ms10m.toFixed(0)} ms (${(raw.ms10m / raw.bare10m).toFixed(2)}×)`, target: '< 5 s', ok: raw.ms10m < 5000 },
      { bench: 'paste analysis', measure: `worst case over ${junk.length} fuzz inputs`, value: `${worst.toFixed(0)} ms`, target: '< 2 s', ok: worst < 2000 },
    ];
    return { rows, raw };
  } finally {
    await dns.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchPaste().then((r) => {
    console.table(r.rows);
    exitAfterFlush(0);
  });
}
