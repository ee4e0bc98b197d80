/**
 * The Content-Security-Policy (proxy.ts, lib/web/csp.ts) in Debian's Chromium: every page carries a
 * per-response nonce policy, and home, check, analyze, report and setup pages render and run their
 * client components without a single CSP violation. Also the "verify again" button once the
 * browser's check budget is spent: it says how long to wait instead of running.
 */
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { ensureBuild, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';
import { DMARC_RECORD, DOMAIN, dkimKeys, relayZone, SERVER_IP } from './support/fixture-zone';

let dns: TestDnsServer;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ensureBuild((s) => process.stderr.write(`${s}\n`));
  dns = await new TestDnsServer({ zone: { ...relayZone(dkimKeys().publicKeyB64), [`_dmarc.${DOMAIN}`]: DMARC_RECORD } }).start();
  app = await startApp({
    dnsAddress: dns.address,
    env: { MXRAY_CHECKLIST_REFRESH_MS: '1000', MXRAY_ALLOW_PRIVATE_TARGETS: '1', MXRAY_PORT25_TARGETS: '127.0.0.1:9', MXRAY_PROBE_TIMEOUT_MS: '500' },
  });
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await dns?.stop();
});

/** A page that records every CSP complaint and uncaught error. */
async function watched(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}

describe('Content-Security-Policy', () => {
  it('sends a nonce policy with every page, and the nonce is on every script', async () => {
    const a = await fetch(`${app.url}/`);
    const b = await fetch(`${app.url}/`);
    const csp = a.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(b.headers.get('content-security-policy')).not.toBe(csp); // fresh per response
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('home, check, analyze, report and setup pages run their client components with no CSP violation', async () => {
    const { page, problems } = await watched();
    await page.goto(`${app.url}/`);
    await page.getByRole('textbox', { name: 'Domain' }).fill(DOMAIN);
    // The check page's client leaf (claim ownership) calls a server action once hydrated.
    const claimed = page.waitForResponse((r) => r.request().method() === 'POST' && !!r.request().headers()['next-action'], { timeout: 60_000 });
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('report-link').waitFor({ timeout: 60_000 });
    expect((await claimed).status()).toBe(200);
    // ... so the report page offers this browser "Delete". The report page may be rendered before
    // the claim's cookie lands (one CI run in three): then a reload shows it.
    await page.getByTestId('report-link').click();
    await page.waitForURL(/\/r\//);
    const deleteButton = page.getByRole('button', { name: 'Delete report' });
    if (!(await deleteButton.waitFor({ timeout: 10_000 }).then(() => true, () => false))) await page.reload();
    await expect.poll(() => deleteButton.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('report-expiry').innerText()).toMatch(/This report is deleted on \d+ \w+ \d{4}/);

    await page.goto(`${app.url}/analyze`);
    await page.getByLabel(/Message source/).fill(`From: a@${DOMAIN}\r\nTo: b@example.test\r\nSubject: CSP\r\n\r\nHello\r\n`);
    await page.getByLabel(/Store the full message/).check();
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{32}$/, { timeout: 60_000 });
    expect(await page.getByTestId('report-expiry').innerText()).toMatch(/stored message itself is removed on/);

    // The live checklist polls by itself: that needs its client component to have hydrated.
    const polled = page.waitForRequest((r) => r.url().includes('/api/checklist'), { timeout: 30_000 });
    await page.goto(`${app.url}/setup/${DOMAIN}?ip=${SERVER_IP}`);
    await polled;
    expect(problems).toEqual([]);
    await page.close();
  });

  it('"verify again" after the check budget is spent says how long to wait, and runs nothing', async () => {
    const { page, problems } = await watched();
    await page.goto(`${app.url}/analyze`);
    await page.getByLabel(/Message source/).fill(`From: a@${DOMAIN}\r\nTo: b@example.test\r\nSubject: Busy\r\n\r\nHello\r\n`);
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{32}$/, { timeout: 60_000 });
    const report = page.url();
    // Same socket address as the browser (127.0.0.1): spend its check budget through the API.
    for (let i = 0; i < 25; i++) {
      if ((await fetch(`${app.url}/api/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: DOMAIN }) })).status === 429) break;
    }
    await page.getByRole('button', { name: "Verify again with today's DNS" }).click();
    await page.waitForURL(/reverify=busy/);
    expect(page.url().startsWith(report)).toBe(true);
    expect(await page.getByText('Too many verifications').innerText()).toMatch(/try again in \d+ s/);
    const busy = await page.goto(`${app.url}/check?domain=${DOMAIN}`);
    expect(busy?.status()).toBe(429);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Too many requests');
    expect(problems).toEqual([]);
    await page.close();
  });
});
