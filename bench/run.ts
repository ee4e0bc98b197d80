/**
 * `npm run bench`: every benchmark in one run, each reported as a ratio against a baseline
 * measured in the same run. Prints a table and writes bench/results/latest.json.
 * Select some with `npm run bench -- domain dnsbl` (names: domain, dnsbl, smtp, paste, web).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitAfterFlush } from './support/exit';
import type { Row } from './support/row';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fmt = (n: number, d = 2) => n.toFixed(d);

type Bench = { name: string; run: () => Promise<{ rows: Row[]; raw: unknown }> };

const benches: Bench[] = [
  {
    name: 'domain',
    run: async () => {
      const { benchDomainCheck } = await import('./domain-check');
      const r = await benchDomainCheck(50);
      return {
        raw: r,
        rows: [
          { bench: 'domain check', measure: `wall ÷ (depth ${r.depth} × L ${r.latencyMs} ms)`, value: `${fmt(r.ratio)} (${fmt(r.wallMs, 0)} ms)`, target: '≤ 1.2', ok: r.ratio <= 1.2 },
          { bench: 'domain check', measure: 'queries sent ÷ distinct questions', value: fmt(r.duplicateRatio), target: '1.00', ok: r.duplicateRatio === 1 },
          { bench: 'domain check', measure: 'queries on a second check (warm cache)', value: String(r.secondRunQueries), target: '0', ok: r.secondRunQueries === 0 },
        ],
      };
    },
  },
  {
    name: 'dnsbl',
    run: async () => {
      const mod = (await import('./dnsbl')) as { benchDnsbl: () => Promise<Record<string, number>> };
      const r = await mod.benchDnsbl();
      const rows: Row[] = Object.entries(r)
        .filter(([, v]) => typeof v === 'number')
        .map(([k, v]) => ({ bench: 'dnsbl sweep', measure: k, value: fmt(v), target: /ratio/i.test(k) ? '< 1.5' : '', ok: /ratio/i.test(k) ? v < 1.5 : null }));
      return { raw: r, rows };
    },
  },
  {
    name: 'smtp',
    run: async () => {
      const { benchSmtp } = await import('./smtp');
      const r = await benchSmtp();
      return {
        raw: r,
        rows: [
          ...r.rows.map((x) => ({ bench: 'inbound smtp', measure: `${x.target}, ${x.mode} (${x.messages} msgs / ${x.sessions} sessions)`, value: `${fmt(x.perSecond, 0)} msg/s${x.cpuMsPerMessage !== undefined ? `, ${fmt(x.cpuMsPerMessage, 3)} ms CPU/msg` : ''}`, target: '', ok: null })),
          { bench: 'inbound smtp', measure: `mxray ÷ bare smtp-server (reuse, verified + stored; both warmed with 3,000 msgs, so mxray's DNS cache is warm), median of rounds ${r.ratiosVsBareReuse.map((x) => fmt(x)).join(' / ')}`, value: fmt(r.ratioVsBareReuse), target: '≥ 0.8', ok: r.ratioVsBareReuse >= 0.8 },
          { bench: 'inbound smtp', measure: 'bare smtp-server + durable commit, no verification ÷ bare smtp-server (reuse)', value: fmt(r.storeOnlyRatioVsBareReuse), target: '', ok: null },
          { bench: 'inbound smtp', measure: 'mxray ÷ (bare smtp-server + durable commit): the cost of verifying and building the report', value: fmt(r.ratioVsStoreOnlyReuse), target: '', ok: null },
          { bench: 'inbound smtp', measure: 'mxray ÷ postfix smtp-sink (reuse)', value: fmt(r.ratioVsSmtpSinkReuse), target: '', ok: null },
          { bench: 'inbound smtp', measure: 'mxray ÷ bare smtp-server (one connection per message)', value: fmt(r.ratioVsBarePerMessage), target: '', ok: null },
          r.ratioVsPostfixIntakeReuse !== undefined
            ? { bench: 'inbound smtp', measure: `mxray ÷ postfix durable intake (reuse; smtpd → cleanup → fsynced queue → discard; ${r.postfixIntakeDelivered?.delivered}/${r.postfixIntakeDelivered?.sent} discarded). > 1: mxray verifies and stores each message before its 250 faster than Postfix queues it`, value: fmt(r.ratioVsPostfixIntakeReuse), target: '> 1', ok: r.ratioVsPostfixIntakeReuse > 1 }
            : { bench: 'inbound smtp', measure: `mxray ÷ postfix durable intake: skipped (${r.postfixIntakeSkipped})`, value: '–', target: '> 1', ok: null },
          { bench: 'inbound smtp', measure: 'messages stored ÷ sent', value: `${r.stored}/${r.sent}`, target: 'all', ok: r.allStored },
          { bench: 'inbound smtp', measure: 'mxray peak RSS', value: `${fmt(r.mxrayPeakRssMiB ?? NaN, 0)} MiB`, target: '', ok: null },
        ],
      };
    },
  },
  {
    name: 'paste',
    run: async () => {
      const mod = (await import('./paste')) as { benchPaste: () => Promise<{ rows: Row[]; raw: unknown }> };
      return mod.benchPaste();
    },
  },
  {
    name: 'web',
    run: async () => {
      const mod = (await import('./web')) as { benchWeb: () => Promise<unknown> };
      const raw = await mod.benchWeb();
      const rows: Row[] = [];
      const walk = (prefix: string, v: unknown) => {
        if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') rows.push({ bench: 'web', measure: prefix, value: String(typeof v === 'number' ? fmt(v, 1) : v), target: '', ok: null });
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
      };
      walk('', raw);
      return { raw, rows };
    },
  },
];

async function main() {
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches;
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  for (const b of selected) {
    process.stderr.write(`bench: ${b.name} ...\n`);
    const t0 = Date.now();
    try {
      const r = await b.run();
      rows.push(...r.rows);
      raw[b.name] = r.raw;
    } catch (e) {
      rows.push({ bench: b.name, measure: 'run', value: `failed: ${(e as Error).message.slice(0, 120)}`, target: '', ok: false });
      raw[b.name] = { error: (e as Error).message };
    }
    process.stderr.write(`bench: ${b.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  console.table(rows.map((r) => ({ bench: r.bench, measure: r.measure, value: r.value, target: r.target, ok: r.ok === null ? '' : r.ok ? 'yes' : 'NO' })));
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  const out = path.join(root, 'bench', 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), machine, rows, raw }, null, 2));
  console.log(`results: bench/results/latest.json (${machine.cpus} cores, ${machine.cpu}, node ${machine.node})`);
  process.exit(rows.some((r) => r.ok === false) ? 1 : 0);
}

main();
