/**
 * Issue 13's metrics, read the way an operator reads them: a real Prometheus (Debian's package)
 * scrapes the compiled server's /metrics every second with the bearer token, and after a domain
 * check, a test message and a refused request, one query per metric family returns data through
 * Prometheus's HTTP API. Also: /api/health's answer and /metrics refusing a missing token.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ZONES } from '@/lib/checks/dnsbl/zones';
import { LISTED_IP, scenarioZone } from '../fixtures/zones/dnsbl';
import { TestDnsServer } from '../support/dns-server';
import { freePort, waitForPort } from '../support/net';
import { SmtpDialog } from '../support/smtp-dialog';
import { root } from './support/app';
import { serve, type Served } from './support/served';

const PROMETHEUS = '/usr/bin/prometheus';
const TOKEN = 'scrape-secret-123';
const missing = fs.existsSync(PROMETHEUS) ? [] : ['prometheus'];

/** One query per family the issue names, plus the default process metrics. */
const FAMILIES = {
  'checks run by id and status': 'sum by (check, status) (mxray_checks_total)',
  'check latency': 'mxray_check_duration_seconds_count',
  'DNS queries by outcome': 'sum by (outcome) (mxray_dns_queries_total)',
  'DNS query latency': 'mxray_dns_query_duration_seconds_count',
  'DNSBL listings found': 'mxray_dnsbl_listings_total',
  'SMTP sessions': 'mxray_smtp_sessions_total',
  'SMTP messages accepted': 'mxray_smtp_messages_total{result="accepted"}',
  'SMTP messages rejected by reason': 'mxray_smtp_messages_total{result="rejected",reason="unknown-address"}',
  'analysis time': 'mxray_analysis_duration_seconds_count{source="inbound"}',
  'rate-limit refusals': 'mxray_rate_limited_total',
  'reports stored': 'sum by (kind) (mxray_reports_stored_total)',
  'HTTP requests': 'mxray_http_requests_total',
  'process metrics': 'process_resident_memory_bytes',
} as const;

let dns: TestDnsServer;
let s: Served;
let prom: ChildProcess | undefined;
let promDir = '';

beforeAll(async () => {
  dns = await new TestDnsServer({ zone: scenarioZone(DEFAULT_ZONES.filter((z) => z.enabled !== false)) }).start();
  const build = spawnSync(process.execPath, ['bin/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stdout + build.stderr);
  // A low rate limit so one refusal is cheap to cause.
  s = await serve({ how: 'node dist/server.mjs', dnsAddress: dns.address, env: { MXRAY_METRICS_TOKEN: TOKEN, MXRAY_RATE_LIMIT_SCALE: '0.2' } });
}, 300_000);

afterAll(async () => {
  prom?.kill('SIGKILL');
  s?.cleanup();
  await dns?.stop();
  if (promDir) fs.rmSync(promDir, { recursive: true, force: true });
});

describe('health and metrics', () => {
  it('/api/health answers 200 with the database and the listener up', async () => {
    const r = await fetch(`${s.url}/api/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', db: 'ok', smtp: 'accepting', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('/metrics wants the bearer token when MXRAY_METRICS_TOKEN is set', async () => {
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer wrong-secret-123' } })).status).toBe(401);
    const ok = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE mxray_checks_total counter');
  });

  it.skipIf(missing.length > 0)('a real Prometheus scrapes every metric family after a check and a test message', async () => {
    // Traffic: a domain check with a listed IP, a test message, a refused recipient, a rate-limit refusal.
    const check = await fetch(`${s.url}/api/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: 'example.test', ip: LISTED_IP }) });
    expect(check.status).toBe(201);
    const addr = await fetch(`${s.url}/api/test-addresses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { address } = (await addr.json()) as { address: string };
    const smtp = await SmtpDialog.connect(s.smtpPort);
    const sent = await smtp.send({ from: 'alice@example.test', to: [address], message: 'From: alice@example.test\r\nSubject: metrics\r\n\r\nhello\r\n' });
    expect(sent.reply.code).toBe(250);
    expect((await smtp.command('MAIL FROM:<alice@example.test>')).code).toBe(250);
    expect((await smtp.command('RCPT TO:<t-nosuchtoken@mxray.test>')).code).toBe(550);
    await smtp.quit();
    let refused = 0;
    for (let i = 0; i < 20 && refused === 0; i++) {
      const r = await fetch(`${s.url}/api/test-addresses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (r.status === 429) refused++;
    }
    expect(refused).toBe(1);

    promDir = fs.mkdtempSync(path.join(s.dir, 'prometheus-'));
    const promPort = await freePort();
    fs.writeFileSync(path.join(promDir, 'prometheus.yml'), [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: mxray',
      '    metrics_path: /metrics',
      `    authorization: { type: Bearer, credentials: "${TOKEN}" }`,
      `    static_configs: [{ targets: ["127.0.0.1:${s.httpPort}"] }]`,
      '',
    ].join('\n'));
    let promOut = '';
    prom = spawn(PROMETHEUS, [`--config.file=${path.join(promDir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    prom.stdout!.on('data', (d: Buffer) => (promOut += d.toString()));
    prom.stderr!.on('data', (d: Buffer) => (promOut += d.toString()));
    await waitForPort(promPort, 60_000);

    const query = async (q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);
      if (!r.ok) return []; // 503 while Prometheus is still starting
      const body = (await r.json()) as { status: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      return body.status === 'success' ? body.data!.result : [];
    };
    const results: Record<string, number> = {};
    const until = Date.now() + 90_000;
    for (;;) {
      for (const [family, q] of Object.entries(FAMILIES)) {
        const rows = await query(q);
        results[family] = rows.reduce((n, row) => n + Number(row.value[1]), 0);
      }
      if (Object.values(results).every((v) => v > 0) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const up = await query('up{job="mxray"}');
    expect(up[0]?.value[1], promOut.slice(-2000)).toBe('1');
    process.stderr.write(`Prometheus query results: ${JSON.stringify(results)}\n`);
    for (const [family, v] of Object.entries(results)) expect(v, family).toBeGreaterThan(0);
  }, 240_000);
});
