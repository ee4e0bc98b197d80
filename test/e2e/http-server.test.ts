/**
 * The production HTTP server (bin/http.ts): rate limits key on the socket address, so a client
 * cannot pick a fresh bucket per request with a forged X-Forwarded-For; behind a proxy the operator
 * declares (MXRAY_TRUST_PROXY=1) the forwarded address is believed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { ensureBuild, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';

let dns: TestDnsServer;

beforeAll(async () => {
  ensureBuild((s) => process.stderr.write(`${s}\n`));
  dns = await new TestDnsServer({ zone: {} }).start();
}, 600_000);
afterAll(() => dns?.stop());

/** Create test addresses (10 per minute per client by default), each claiming another client address. */
async function burst(app: RunningApp, n: number): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${app.url}/api/test-addresses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
      body: '{}',
    });
    codes.push(r.status);
    if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  return codes;
}

describe('bin/http.ts', () => {
  it('ignores a forged X-Forwarded-For: the socket address gets rate limited', async () => {
    const app = await startApp({ dnsAddress: dns.address, smtp: false });
    try {
      const codes = await burst(app, 14);
      expect(codes.slice(0, 10).every((c) => c === 201)).toBe(true);
      expect(codes.slice(10)).toContain(429);
    } finally {
      await app.stop();
    }
  });

  it('believes X-Forwarded-For only with MXRAY_TRUST_PROXY=1', async () => {
    const app = await startApp({ dnsAddress: dns.address, smtp: false, env: { MXRAY_TRUST_PROXY: '1' } });
    try {
      const codes = await burst(app, 14);
      expect(codes.every((c) => c === 201)).toBe(true);
    } finally {
      await app.stop();
    }
  });

  it('puts the host the browser used in shareable links, also on the page a form action leads to', async () => {
    // Bound to 127.0.0.2 and visited as mxray.localhost: the server's own address must not leak into
    // links. (With the default HOST, 0.0.0.0, it did after the paste form's redirect.)
    const app = await startApp({ dnsAddress: dns.address, smtp: false, host: '127.0.0.2' });
    const browser = await launchChromium(['--host-resolver-rules=MAP mxray.localhost 127.0.0.2']);
    try {
      const origin = `http://mxray.localhost:${new URL(app.url).port}`;
      const page = await browser.newPage();
      await page.goto(`${origin}/analyze`);
      await page.getByLabel(/Message source/).fill('From: a@example.test\nSubject: link\n\nhi\n');
      await page.getByRole('button', { name: 'Analyse' }).click();
      await page.waitForURL(/\/r\/[A-Za-z0-9_-]{32}$/);
      const link = page.getByRole('link', { name: /\/r\// }).first();
      expect(await link.innerText()).toBe(page.url());
      expect(page.url().startsWith(`${origin}/r/`)).toBe(true);
    } finally {
      await browser.close();
      await app.stop();
    }
  });
});
