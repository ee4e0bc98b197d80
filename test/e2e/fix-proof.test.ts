/**
 * Issue 12 end to end in real Chromium: a domain with two SPF records and the relay's IP in
 * neither gets a proven SPF fix; the user copies it with the copy button, publishes it in the
 * (test) DNS zone, runs the check again, and SPF passes. Screenshots in test-results/e2e/.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { publishRecords } from '../support/publish-fix';
import { ensureBuild, startApp, type RunningApp } from './support/app';
import { launchChromium, screenshot } from './support/browser';

const DOMAIN = 'broken-relay.test';
const RELAY = '192.0.2.77';

let dns: TestDnsServer;
let app: RunningApp;
let browser: Browser;
let ctx: BrowserContext;

beforeAll(async () => {
  ensureBuild((s) => process.stderr.write(`${s}\n`));
  dns = await new TestDnsServer({
    zone: {
      [DOMAIN]: {
        TXT: ['v=spf1 include:_spf.esp.test ~all', 'v=spf1 mx -all', 'site-verification=keep-me'],
        MX: [[10, `mail.${DOMAIN}`]],
      },
      [`mail.${DOMAIN}`]: { A: ['192.0.2.10'] },
      '_spf.esp.test': { TXT: ['v=spf1 ip4:198.51.100.0/24 -all'] },
    },
    ttl: 1,
  }).start();
  app = await startApp({ dnsAddress: dns.address, env: { MXRAY_DNS_CACHE_TTL: '0', MXRAY_RATE_LIMIT_SCALE: '20', MXRAY_DNS_TIMEOUT_MS: '6000' } });
  browser = await launchChromium();
  ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  // Also remember what the page asked to copy, in case this Chromium keeps the clipboard to itself.
  await ctx.addInitScript(() => {
    const w = window as unknown as { __copied?: string };
    const original = navigator.clipboard?.writeText?.bind(navigator.clipboard);
    if (!original) return;
    navigator.clipboard.writeText = (text: string) => {
      w.__copied = text;
      return original(text);
    };
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await dns?.stop();
});

describe('a proven SPF fix, copied with its button and published, makes SPF pass', () => {
  it('copies, publishes, runs again and passes', async () => {
    const page = await ctx.newPage();
    await page.goto(`${app.url}/check?domain=${DOMAIN}&ip=${RELAY}`);
    const link = page.getByTestId('report-link');
    await link.waitFor({ timeout: 90_000 });
    await link.click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{32}$/);

    // Worst first: the headline names SPF, and the fix is marked as checked by the what-if run.
    expect(await page.getByTestId('next-step').first().innerText()).toMatch(/Fix SPF first/);
    const card = page.locator('#check-spf');
    expect(await card.locator('[data-fix-proven="true"]').count()).toBe(1);
    expect(await card.innerText()).toContain('Checked: mxray ran this check again');
    await screenshot(page, 'fix-proof-before');

    await card.getByRole('button', { name: `Copy TXT value for ${DOMAIN}` }).click();
    await expect.poll(() => card.getByRole('button', { name: `Copy TXT value for ${DOMAIN}` }).innerText()).toBe('Copied');
    const copied = await page.evaluate(async () => {
      try {
        return await navigator.clipboard.readText();
      } catch {
        return (window as unknown as { __copied?: string }).__copied ?? '';
      }
    });
    expect(copied).toMatch(/^v=spf1 /);
    expect(copied).toContain(`ip4:${RELAY}`);

    publishRecords(dns, [{ name: DOMAIN, type: 'TXT', value: copied }]);
    expect(dns.get(DOMAIN)!.TXT).toEqual(['site-verification=keep-me', copied]);

    await page.goto(`${app.url}/check?domain=${DOMAIN}&ip=${RELAY}`);
    await page.locator('li[data-check="spf"]', { hasText: 'Pass' }).waitFor({ timeout: 90_000 });
    await page.getByTestId('report-link').waitFor({ timeout: 90_000 });
    expect(await page.locator('#check-spf').innerText()).toContain(`${RELAY} → pass`);
    await screenshot(page, 'fix-proof-after');
    await page.close();
  });
});
