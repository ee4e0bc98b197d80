/**
 * The test-message report in Chromium: swaks sends over STARTTLS to the listener of the real app
 * (bin/http.ts with its SMTP listener), and the report page shows mxray's own receipt: IP, reverse
 * DNS, HELO, TLS and envelope. Screenshots: test-results/e2e/report-test-message.png (desktop),
 * report-test-message-phone.png and report-check-phone.png (390 px wide: the summary table's
 * descriptions stay readable).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { BIN, missingBinaries, swaks } from '../support/mail-lab';
import { ensureBuild, startApp, type RunningApp } from './support/app';
import path from 'node:path';
import { artefacts, launchChromium, screenshot } from './support/browser';

const missing = missingBinaries([BIN.swaks]);
let dns: TestDnsServer;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  if (missing.length) return;
  ensureBuild((s) => process.stderr.write(`${s}\n`));
  dns = await new TestDnsServer({
    zone: {
      'sender.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'], MX: [[10, 'relay.sender.test']] },
      '_dmarc.sender.test': { TXT: ['v=DMARC1; p=none; rua=mailto:dmarc@sender.test'] },
      '1.0.0.127.in-addr.arpa': { PTR: ['relay.sender.test'] },
      'relay.sender.test': { A: ['127.0.0.1'] },
    },
  }).start();
  app = await startApp({ dnsAddress: dns.address, smtp: true, env: { MXRAY_DNSBL_TIMEOUT_MS: '2000' } });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await dns?.stop();
});

async function sendTestMessage(): Promise<string> {
  const res = await fetch(`${app.url}/api/test-addresses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: 'sender.test' }) });
  const { address } = (await res.json()) as { address: string };
  const sent = await swaks(['--server', `127.0.0.1:${app.smtpPort}`, '--tls', '--to', address, '--from', 'bounce@sender.test', '--helo', 'relay.sender.test', '--header', 'Subject: Receipt in the browser', '--header', 'From: Alice <alice@sender.test>']);
  expect(sent.code, `${sent.stdout}\n${sent.stderr}\n${app.output().slice(-2000)}`).toBe(0);
  expect(sent.stdout).toMatch(/<~ 220 .*TLS|STARTTLS/);
  const id = /Stored as mxray report ([A-Za-z0-9_-]{32})/.exec(sent.stdout)?.[1];
  expect(id, sent.stdout).toBeDefined();
  return id!;
}

describe.skipIf(missing.length > 0)('test-message report in Chromium', () => {
  it('shows mxray\'s receipt (IP, rDNS, HELO, TLS, envelope) and mxray\'s hop; screenshots on desktop and phone', async () => {
    const id = await sendTestMessage();
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${app.url}/r/${id}`);
    const receipt = page.getByTestId('receipt');
    await expect.poll(() => receipt.isVisible()).toBe(true);
    const text = (await receipt.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/Connecting IP 127\.0\.0\.1/);
    expect(text).toMatch(/Reverse DNS \S* ?FCrDNS confirmed relay\.sender\.test/);
    expect(text).toMatch(/HELO relay\.sender\.test · forward-confirmed: it names this IP/);
    expect(text).toMatch(/TLS TLSv1\.[23] · TLS_\w+/);
    expect(text).toMatch(/Envelope sender <bounce@sender\.test>/);
    expect(text).toMatch(/Envelope recipient t-…@mxray\.test/);
    expect(text).toMatch(/Blocklists \S* ?not listed \d+ lists asked/);
    const body = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(body).toMatch(/A test message received by mxray's own mail server/);
    expect(body).not.toMatch(/No Received headers/);
    expect(body).toMatch(/Receiver said \(mxray was the receiver\)/);
    expect(body).toMatch(/relay\.sender\.test \[127\.0\.0\.1\] → mxray\.test/);
    console.log(await screenshot(page, 'report-test-message'));
    await page.screenshot({ path: path.join(artefacts, 'report-test-message-top.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    console.log(await screenshot(page, 'report-test-message-phone'));
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await ctx.close();
  });

  it('on a phone (390 px) the summary table keeps its descriptions readable', async () => {
    const res = await fetch(`${app.url}/api/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: 'sender.test', ip: '127.0.0.1' }) });
    const { id } = (await res.json()) as { id: string };
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(`${app.url}/r/${id}`);
    const summaries = page.getByTestId('check-row-summary');
    await expect.poll(() => summaries.count()).toBeGreaterThan(3);
    for (const box of await Promise.all((await summaries.all()).map((s) => s.boundingBox()))) {
      // A description gets (nearly) the row's width, not the one character left beside two fixed columns.
      expect(box!.width).toBeGreaterThan(250);
    }
    console.log(await screenshot(page, 'report-check-phone'));
    await page.screenshot({ path: path.join(artefacts, 'report-check-phone-top.png') });
    await ctx.close();
  });
});
