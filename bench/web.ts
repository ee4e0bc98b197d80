/**
 * Page weight and Lighthouse for the dashboard, against the production build.
 *
 * Page weight: the JavaScript each page loads in real Chromium, gzip-compressed as the server sends
 * it, compared with a page that has no code of ours (the 404 page: the root layout and a server
 * component, no client components). The difference is what our code adds; the target is ≤ 40 kB
 * for the report page (an empty Next 16 page alone ships ~174 kB gzip here).
 *
 * Lighthouse 12.8.2 (run with npx, not a dependency: it rewrites the lock) against Debian's
 * Chromium, performance and accessibility categories, targets ≥ 95. The desktop preset is the
 * default: the mobile preset multiplies main-thread time by 4, and on a small shared machine the
 * framework's own hydration (the home page has no client code of ours) already scores ~75 there.
 * Lighthouse's benchmarkIndex and the load average are printed so a score can be read in context.
 *
 *   npx tsx bench/web.ts                                   # table; exit 1 when a target is missed
 *   MXRAY_LH_RUNS=5 MXRAY_LH_PRESET=mobile npx tsx bench/web.ts   # median of 5, mobile preset
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { TestDnsServer } from '../test/support/dns-server';
import { ensureBuild, startApp } from '../test/e2e/support/app';
import { CHROMIUM, launchChromium } from '../test/e2e/support/browser';
import { DMARC_RECORD, DOMAIN, SERVER_IP, dkimKeys, relayZone } from '../test/e2e/support/fixture-zone';

export interface PageWeight {
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
  urls: string[];
}

export interface WebBench {
  pageWeightKB: {
    emptyPage: number;
    reportPage: number;
    reportPageOurs: number;
    homePage: number;
    homePageOurs: number;
    analysisReportPage: number;
    analysisReportPageOurs: number;
  };
  lighthouse: Record<'home' | 'report' | 'analysisReport', LighthouseScore>;
  lighthouseRuns: number;
  lighthousePreset: 'desktop' | 'mobile';
  /** Lighthouse's CPU benchmark (median over runs; a fast desktop is ~1500+) and the 1-minute load average. */
  machine: { benchmarkIndex: number; loadAverage: number; cpus: number };
  targets: { reportOursMaxKB: number; minScore: number };
  ok: boolean;
}

const kB = (n: number) => Math.round((n / 1024) * 10) / 10;

async function measure(browser: Browser, url: string): Promise<PageWeight> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const pending: Promise<{ url: string; raw: number; gz: number }>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    pending.push(res.body().then((b) => ({ url: res.url(), raw: b.length, gz: zlib.gzipSync(b).length })));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const got = await Promise.all(pending);
  await ctx.close();
  const unique = new Map(got.map((g) => [g.url, g]));
  const all = [...unique.values()];
  return { scripts: all.length, rawBytes: all.reduce((a, g) => a + g.raw, 0), gzipBytes: all.reduce((a, g) => a + g.gz, 0), urls: [...unique.keys()] };
}

export interface LighthouseScore {
  performance: number;
  accessibility: number;
  benchmarkIndex: number;
}

function lighthouse(url: string, runs: number, preset: 'desktop' | 'mobile'): LighthouseScore {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-lh-'));
  const perf: number[] = [];
  const a11y: number[] = [];
  const bench: number[] = [];
  for (let i = 0; i < runs; i++) {
    const file = path.join(out, `lh-${i}.json`);
    const args = ['--yes', 'lighthouse@12.8.2', url, '--output=json', `--output-path=${file}`, '--only-categories=performance,accessibility', '--chrome-flags=--headless=new --no-sandbox', '--quiet'];
    if (preset === 'desktop') args.push('--preset=desktop');
    const r = spawnSync('npx', args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (r.status !== 0 || !fs.existsSync(file)) throw new Error(`lighthouse failed for ${url}: ${(r.stderr || r.stdout || String(r.error)).slice(-1500)}`);
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { categories: Record<string, { score: number | null }>; environment?: { benchmarkIndex?: number } };
    perf.push(Math.round((report.categories.performance?.score ?? 0) * 100));
    a11y.push(Math.round((report.categories.accessibility?.score ?? 0) * 100));
    bench.push(Math.round(report.environment?.benchmarkIndex ?? 0));
  }
  fs.rmSync(out, { recursive: true, force: true });
  return { performance: median(perf), accessibility: median(a11y), benchmarkIndex: median(bench) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchWeb(opts: { lighthouseRuns?: number; log?: (s: string) => void } = {}): Promise<WebBench> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`web: ${s}\n`));
  const runs = opts.lighthouseRuns ?? Math.max(1, Number(process.env.MXRAY_LH_RUNS) || 3);
  const preset = process.env.MXRAY_LH_PRESET === 'mobile' ? 'mobile' : 'desktop';
  ensureBuild(log);
  const keys = dkimKeys();
  const dns = await new TestDnsServer({ zone: { ...relayZone(keys.publicKeyB64), [`_dmarc.${DOMAIN}`]: DMARC_RECORD } }).start();
  const app = await startApp({ dnsAddress: dns.address, env: { MXRAY_RATE_LIMIT_SCALE: '100', MXRAY_PORT25_TARGETS: '127.0.0.1:9', MXRAY_ALLOW_PRIVATE_TARGETS: '1' } });
  let browser: Browser | undefined;
  try {
    const check = (await (await fetch(`${app.url}/api/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: DOMAIN, ip: SERVER_IP }) })).json()) as { url: string };
    const original = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/messages/gmail-show-original-synthetic.txt'), 'utf8');
    const analysis = (await (await fetch(`${app.url}/api/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: original }) })).json()) as { url: string };
    browser = await launchChromium();
    log('measuring page weight');
    const empty = await measure(browser, `${app.url}/no-such-page-baseline`);
    const report = await measure(browser, check.url);
    const home = await measure(browser, `${app.url}/`);
    const analysisReport = await measure(browser, analysis.url);
    await browser.close();
    browser = undefined;
    log(`lighthouse (${preset} preset, median of ${runs} run${runs > 1 ? 's' : ''} per page)`);
    const loadAverage = Math.round(os.loadavg()[0]! * 10) / 10;
    const lh = { home: lighthouse(`${app.url}/`, runs, preset), report: lighthouse(check.url, runs, preset), analysisReport: lighthouse(analysis.url, runs, preset) };
    const pageWeightKB = {
      emptyPage: kB(empty.gzipBytes),
      reportPage: kB(report.gzipBytes),
      reportPageOurs: kB(report.gzipBytes - empty.gzipBytes),
      homePage: kB(home.gzipBytes),
      homePageOurs: kB(home.gzipBytes - empty.gzipBytes),
      analysisReportPage: kB(analysisReport.gzipBytes),
      analysisReportPageOurs: kB(analysisReport.gzipBytes - empty.gzipBytes),
    };
    const targets = { reportOursMaxKB: 40, minScore: 95 };
    const ok = pageWeightKB.reportPageOurs <= targets.reportOursMaxKB && Object.values(lh).every((s) => s.performance >= targets.minScore && s.accessibility >= targets.minScore);
    const machine = { benchmarkIndex: median(Object.values(lh).map((x) => x.benchmarkIndex)), loadAverage, cpus: os.cpus().length };
    return { pageWeightKB, lighthouse: lh, lighthouseRuns: runs, lighthousePreset: preset, machine, targets, ok };
  } finally {
    await browser?.close();
    await app.stop();
    await dns.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchWeb()
    .then((r) => {
      const w = r.pageWeightKB;
      console.table([
        { measure: 'JS of an empty page (404, no client code), gzip', value: `${w.emptyPage} kB`, target: '' },
        { measure: 'JS of the report page, gzip', value: `${w.reportPage} kB`, target: '' },
        { measure: 'report page minus empty page (our code)', value: `${w.reportPageOurs} kB`, target: `≤ ${r.targets.reportOursMaxKB} kB` },
        { measure: 'home page minus empty page', value: `${w.homePageOurs} kB`, target: '' },
        { measure: 'analysis report minus empty page', value: `${w.analysisReportPageOurs} kB`, target: '' },
        ...(['home', 'report', 'analysisReport'] as const).flatMap((p) => [
          { measure: `Lighthouse ${p}: performance`, value: String(r.lighthouse[p].performance), target: `≥ ${r.targets.minScore}` },
          { measure: `Lighthouse ${p}: accessibility`, value: String(r.lighthouse[p].accessibility), target: `≥ ${r.targets.minScore}` },
        ]),
      ]);
      console.log(`Lighthouse ${r.lighthousePreset} preset, median of ${r.lighthouseRuns}; benchmarkIndex ${r.machine.benchmarkIndex}, load average ${r.machine.loadAverage} on ${r.machine.cpus} CPUs`);
      console.log(r.ok ? 'all web targets met' : 'some web targets missed');
      process.exit(r.ok ? 0 : 1);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(2);
    });
}
