/**
 * The score, the provider table and the content view in real Chromium (Debian's package) against
 * the production build and the test DNS server: a broken domain (no SPF, no DMARC, no PTR for its
 * server), the same domain fixed (the zone changes, "run again"), and a pasted HTML-only message.
 * Screenshots land in test-results/e2e/ (deliverability-*.png).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { CONTENT_FIXTURES } from '../support/content-fixtures';
import { senderZone } from '../support/sender-fixtures';
import { ensureBuild, startApp, type RunningApp } from './support/app';
import { launchChromium, screenshot } from './support/browser';

const shop = { domain: 'shop.test', ip: '192.0.2.44', selector: 'mail' };
let dns: TestDnsServer;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ensureBuild((s) => process.stderr.write(`${s}\n`));
  dns = await new TestDnsServer({ zone: senderZone(shop, { spf: true, dmarc: true, ptr: true }), ttl: 0 }).start();
  app = await startApp({ dnsAddress: dns.address, env: { MXRAY_DNS_CACHE_TTL: '0', MXRAY_RATE_LIMIT_SCALE: '20', MXRAY_DNS_TIMEOUT_MS: '6000' } });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await dns?.stop();
});

async function post(path: string, body: unknown): Promise<{ id: string; url: string }> {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; url: string };
}

async function open(id: string, query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${app.url}/r/${id}${query}`);
  return page;
}

describe('score and provider verdicts on a domain report', () => {
  it('a broken domain: a low score, what costs points, and the providers\' reply codes', async () => {
    const { id } = await post('/api/checks', { domain: shop.domain, ip: shop.ip, selectors: [shop.selector] });
    const page = await open(id);
    const card = page.getByTestId('score-card');
    await expect.poll(() => card.textContent()).toMatch(/3 \/ 10/);
    expect(await card.textContent()).toMatch(/−3No SPF record/);
    const table = page.getByTestId('provider-table');
    const text = (await table.textContent()) ?? '';
    const verdict = (provider: string) => table.locator(`th[data-provider="${provider}"]`).getAttribute('data-verdict');
    expect([await verdict('gmail'), await verdict('yahoo'), await verdict('outlook')]).toEqual(['fail', 'fail', 'fail']);
    expect(text).toContain('550 5.7.25');
    expect(text).toContain('550 5.7.515');
    await screenshot(page, 'deliverability-broken-domain');
    // The toggle is a plain link: one-to-one senders are held to fewer rules.
    await page.getByRole('link', { name: 'one-to-one mail' }).click();
    await page.waitForURL(/senders=one-to-one/);
    expect(await page.locator('[aria-current="true"]').textContent()).toBe('one-to-one mail');
    // Gmail asks one-to-one senders for SPF or DKIM, reverse DNS, TLS and the format only.
    expect(await page.locator('th[data-provider="gmail"]').textContent()).toContain('1 of 4 met');
    await screenshot(page, 'deliverability-broken-domain-one-to-one');
    await page.close();
  });

  it('the same domain fixed: the top mark, no provider fails', async () => {
    dns.setZone(senderZone(shop));
    const { id } = await post('/api/checks', { domain: shop.domain, ip: shop.ip, selectors: [shop.selector] });
    const page = await open(id);
    await expect.poll(() => page.getByTestId('score-card').textContent()).toMatch(/10 \/ 10/);
    expect(await page.locator('th[data-verdict="fail"]').count()).toBe(0);
    // DNS alone cannot show the message rows: "not decided yet", never a pass.
    expect(await page.locator('th[data-provider="gmail"]').getAttribute('data-verdict')).toBe('unknown');
    expect(await page.locator('tr[data-requirement="format"]').textContent()).toContain('Unknown');
    await screenshot(page, 'deliverability-fixed-domain');
    await page.close();
  });
});

describe('content checks on a message report', () => {
  it('a pasted HTML-only message shows its content findings and what SpamAssassin said', async () => {
    const { id } = await post('/api/analyze', { message: CONTENT_FIXTURES.htmlOnly });
    const page = await open(id);
    const content = page.getByTestId('content-view');
    const text = (await content.textContent()) ?? '';
    expect(text).toContain('HTML only, no plain-text part');
    expect(text).toMatch(/SpamAssassin -?\d|Content checks unavailable: install spamassassin/);
    await screenshot(page, 'deliverability-content');
    await page.close();
  });
});
