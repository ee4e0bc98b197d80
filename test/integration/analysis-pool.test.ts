/**
 * Issue 10: analysis runs in worker threads with a deadline. The worker is the real esbuild
 * bundle (dist/analysis-worker.mjs, built on first use), its DNS the real test server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseServerList } from '@/lib/dns';
import { analyzeInPool, closeAnalysisPool, readContentInPool } from '@/lib/analysis/pool';
import { readContent } from '@/lib/content';
import { useTestDns } from '../support/check-context';
import { SmtpDialog } from '../support/smtp-dialog';
import { useTempDatabase } from '../support/temp-db';
import type { InboundPayload } from '@/lib/inbound/types';

const dns = useTestDns({ 'sender.test': { TXT: ['v=spf1 ip4:192.0.2.1 -all'] } });
const dnsConfig = () => ({ servers: parseServerList(dns().address), timeoutMs: 1000, retries: 0, cacheMaxTtlSec: 0 });
afterAll(() => closeAnalysisPool());

const message = ['Received: from mail.sender.test (mail.sender.test [192.0.2.1]) by mx.test; Wed, 25 Nov 2026 12:00:00 +0000', 'From: <alice@sender.test>', 'Subject: pooled', 'Date: Wed, 25 Nov 2026 12:00:00 +0000', '', 'Hello.', ''].join('\r\n');

describe('analysis in the worker pool', () => {
  it('returns the same analysis as in-process, SPF judged with the envelope against the test DNS', async () => {
    const a = await analyzeInPool(Buffer.from(message), { dns: dnsConfig(), envelope: { ip: '192.0.2.1', helo: 'mail.sender.test', mailFrom: 'bounce@sender.test' } });
    expect(a.subject).toBe('pooled');
    expect(a.verified.spf).toMatchObject({ result: 'pass', domain: 'sender.test', ip: '192.0.2.1' });
  }, 120_000);

  it('stops a message at its deadline with a message.analysis-timeout finding, and the pool goes on working', async () => {
    const a = await analyzeInPool(message + 'x'.repeat(5_000_000), { dns: dnsConfig(), timeoutMs: 1 });
    expect(a.status).toBe('error');
    expect(a.findings.map((f) => f.code)).toEqual(['message.analysis-timeout']);
    expect(a.input?.error?.message).toMatch(/stopped analysing this message after 1 ms/);
    const b = await analyzeInPool(message, { dns: dnsConfig() });
    expect(b.subject).toBe('pooled');
  }, 120_000);

  it('keeps the main event loop free while a large message is analysed', async () => {
    const big = message.replace('Hello.', 'Hello. '.repeat(1_500_000)); // ~10 MB body to hash
    await analyzeInPool(message, { dns: dnsConfig() }); // a warm thread
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const a = await analyzeInPool(big, { dns: dnsConfig() });
    h.disable();
    expect(a.subject).toBe('pooled');
    const maxMs = h.max / 1e6;
    console.log(`main-thread event-loop delay at most ${maxMs.toFixed(1)} ms while a ${(big.length / 1e6).toFixed(1)} MB message was analysed (${a.ms} ms in the worker)`);
    expect(maxMs).toBeLessThan(500);
  }, 120_000);
});

describe('content checks in the worker pool', () => {
  it('reads a message body in a worker thread with the same findings as in-process', async () => {
    const html = `${'<p>Sale <a href="https://bit.ly/x">now</a></p>'.repeat(200)}${'<'.repeat(64 * 1024)}`;
    const raw = Buffer.from(`From: a@sender.test\r\nTo: b@example.test\r\nSubject: s\r\nContent-Type: text/html\r\n\r\n${html}\r\n`);
    const [inPool, here] = await Promise.all([readContentInPool(raw), readContent(raw)]);
    expect(inPool).toEqual(here);
    expect(inPool.findings.map((f) => f.code)).toContain('content.html-only');
    expect(inPool.domains.map((d) => d.domain)).toContain('bit.ly');
  });
});

describe('SMTP mail whose analysis runs out of time', () => {
  it('still gets its 250 after a report saying so is stored', async () => {
    const db = await useTempDatabase('mxray-pool-timeout-');
    process.env.MXRAY_MAIL_DOMAIN = 'mxray.test';
    process.env.MXRAY_DNS_SERVERS = dns().address;
    const { startInboundServer } = await import('@/lib/inbound/server');
    const { createTestAddress } = await import('@/lib/db/test-addresses');
    const { getReport } = await import('@/lib/db/reports');
    const { closeDb } = await import('@/lib/db/client');
    // No injected context: the listener analyses in the pool, as in production.
    const listener = await startInboundServer({ port: 0, host: '127.0.0.1', log: () => {} });
    process.env.MXRAY_ANALYSIS_TIMEOUT_MS = '1';
    try {
      const addr = await createTestAddress();
      const c = await SmtpDialog.connect(listener.port);
      const r = await c.send({ helo: 'mail.sender.test', from: 'bounce@sender.test', to: [addr.address], message: message + 'x'.repeat(2_000_000) });
      await c.quit();
      expect(r.reply.code).toBe(250);
      const id = /report ([A-Za-z0-9_-]{32})/.exec(r.reply.text)![1]!;
      const report = await getReport<InboundPayload>(id);
      expect(report?.payload.analysis.findings.map((f) => f.code)).toEqual(['message.analysis-timeout']);
      expect(report?.status).toBe('error');
    } finally {
      delete process.env.MXRAY_ANALYSIS_TIMEOUT_MS;
      await listener.close();
      await closeDb();
      db.remove();
    }
  }, 120_000);
});
