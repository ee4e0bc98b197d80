/**
 * The dashboard in real Chromium (Debian's package, driven by playwright-core) against the
 * production build and the test DNS server: walk the setup checklist and watch an item turn green
 * after the zone changes, get a test message through the SMTP listener, check a domain with the
 * streamed check page, paste a Gmail "Show original" text, share the report with a fresh browser
 * context, delete it; verify a pasted message again after its DKIM key is published. Screenshots
 * land in test-results/e2e/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dkimSign } from 'mailauth';
import nodemailer from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { ensureBuild, root, startApp, type RunningApp } from './support/app';
import { launchChromium, screenshot } from './support/browser';
import { DMARC_RECORD, DOMAIN, SELECTOR, SERVER_IP, dkimKeys, relayZone } from './support/fixture-zone';

let dns: TestDnsServer;
let app: RunningApp;
let browser: Browser;
let ctx: BrowserContext;
const keys = dkimKeys();

beforeAll(async () => {
  ensureBuild((s) => process.stderr.write(`${s}\n`));
  dns = await new TestDnsServer({ zone: relayZone(keys.publicKeyB64), ttl: 300 }).start();
  app = await startApp({
    dnsAddress: dns.address,
    smtp: true,
    env: {
      MXRAY_CHECKLIST_REFRESH_MS: '2000',
      // The checklist must see a zone change on its next poll, not after the cache's 60 s.
      MXRAY_DNS_CACHE_TTL: '0',
      MXRAY_PORT25_TARGETS: '127.0.0.1:9',
      MXRAY_ALLOW_PRIVATE_TARGETS: '1',
      MXRAY_RATE_LIMIT_SCALE: '20',
      MXRAY_DNS_TIMEOUT_MS: '6000',
    },
  });
  browser = await launchChromium();
  ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await dns?.stop();
});

async function itemState(page: Page, id: string): Promise<string | null> {
  return page.locator(`[data-item="${id}"]`).getAttribute('data-state');
}

describe('setup checklist', () => {
  it('turns the DMARC step green without a reload once the record is published', async () => {
    const page = await ctx.newPage();
    await page.goto(`${app.url}/setup`);
    await page.getByLabel('Your mail domain').fill(DOMAIN);
    await page.getByLabel('Server public IP').fill(SERVER_IP);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(`${app.url}/setup/${DOMAIN}?ip=${SERVER_IP}`);
    await page.locator('[data-item="dmarc"]').waitFor();
    expect(await itemState(page, 'dmarc')).toBe('todo');
    expect(await page.locator('[data-item="dkim"]').getAttribute('data-complete')).toBe('true');
    expect(await page.locator('[data-item="mx"]').getAttribute('data-complete')).toBe('true');
    await expect.poll(() => page.locator('[data-item="dmarc"]').innerText()).toMatch(/_dmarc\.selfhost\.test|DMARC/);
    await screenshot(page, 'setup-before-fix');

    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++;
    });
    dns.set(`_dmarc.${DOMAIN}`, DMARC_RECORD);
    await page.locator('[data-item="dmarc"][data-complete="true"]').waitFor({ timeout: 30_000 });
    expect(navigations).toBe(0);
    await screenshot(page, 'setup-after-fix');

    // "Re-check now" asks again with fresh=1 (bypassing mxray's DNS cache).
    const fresh = page.waitForResponse((r) => r.url().includes('/api/checklist') && r.url().includes('fresh=1'));
    await page.getByRole('button', { name: 'Re-check now' }).click();
    expect((await fresh).status()).toBe(200);
    await page.close();
  });

  it('creates a test address, receives a signed message and shows SPF, DKIM and DMARC', async () => {
    const page = await ctx.newPage();
    await page.goto(`${app.url}/setup/${DOMAIN}?ip=${SERVER_IP}`);
    await page.getByRole('button', { name: 'Create my test address' }).click();
    const address = (await page.getByTestId('test-address').innerText()).trim();
    expect(address).toMatch(/^t-[^@]+@mxray\.test$/);
    // Progress survives a reload: the token is in the URL now.
    expect(page.url()).toContain('token=');

    // Sent as the relay would: envelope sender on the domain, DKIM-signed with `selector`.
    const send = async (selector: string, subject: string) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: app.smtpPort!, secure: false, ignoreTLS: true });
      await transport.sendMail({
        from: `Relay test <postmaster@${DOMAIN}>`,
        to: address,
        subject,
        text: 'Hello from the e2e test.',
        envelope: { from: `bounce@${DOMAIN}`, to: address },
        dkim: { domainName: DOMAIN, keySelector: selector, privateKey: keys.privateKey },
      });
      transport.close();
    };
    await send(SELECTOR, 'mxray e2e test message');

    await page.locator('[data-item="test-message"][data-state="done"]').waitFor({ timeout: 30_000 });
    const auth = page.locator('[data-item="message-auth"]');
    await auth.locator('li', { hasText: 'DKIM' }).waitFor({ timeout: 30_000 });
    const text = await auth.innerText();
    expect(text).toMatch(/SPF (pass|fail|softfail|neutral|none|temperror|permerror|missing)/);
    expect(text).toContain('DKIM pass');
    expect(text).toContain('DMARC pass');
    expect(await itemState(page, 'message-auth')).toBe('done');
    await screenshot(page, 'setup-test-message');

    await page.reload();
    expect(await itemState(page, 'test-message')).toBe('done');

    // A second message signed with a selector whose key is not published yet: the last step fails,
    // then "Re-check now" after publishing verifies that same message again and it turns green.
    await send('rotated', 'mxray e2e second message');
    await page.locator('[data-item="message-auth"][data-state="todo"]').waitFor({ timeout: 30_000 });
    dns.set(`rotated._domainkey.${DOMAIN}`, { TXT: [`v=DKIM1; k=rsa; p=${keys.publicKeyB64}`] });
    try {
      await page.getByRole('button', { name: 'Re-check now' }).click();
      await page.locator('[data-item="message-auth"][data-state="done"]').waitFor({ timeout: 30_000 });
      expect(await auth.innerText()).toContain('DKIM pass');
    } finally {
      dns.set(`rotated._domainkey.${DOMAIN}`, undefined);
    }
    await page.close();
  });
});

describe('domain check and shareable reports', () => {
  it('streams a domain check row by row and links the stored report', async () => {
    const page = await ctx.newPage();
    await page.goto(app.url);
    await screenshot(page, 'home');
    await page.getByLabel('Domain', { exact: true }).fill(DOMAIN);
    await page.getByLabel('Server IP (optional)').fill(SERVER_IP);
    // One slow answer: the BIMI row must still be "Checking" while the fast rows already show results.
    dns.set(`default._bimi.${DOMAIN}`, { LATENCY: 4000 });
    await page.getByRole('button', { name: 'Check' }).click();
    await page.locator('li[data-check="spf"]', { hasText: 'Pass' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('li[data-check="bimi"]').innerText()).toContain('Checking');
    expect(await page.getByTestId('report-link').count()).toBe(0);
    const link = page.getByTestId('report-link');
    await link.waitFor({ timeout: 60_000 });
    expect(await page.locator('li[data-check="bimi"]').innerText()).not.toContain('Checking');
    dns.set(`default._bimi.${DOMAIN}`, undefined);
    await screenshot(page, 'check');
    await link.click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{32}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain(DOMAIN);
    expect(await page.locator('#check-spf').innerText()).toMatch(/DNS lookups/);
    await screenshot(page, 'report-check');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'report-check-dark');
    await page.close();
  });

  it('verifies a pasted message again after its DKIM key is published, and shows what changed', async () => {
    const message = `From: App <app@${DOMAIN}>\r\nTo: someone@receiver.test\r\nSubject: Password reset\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <reverify@${DOMAIN}>\r\n\r\nYour code is 123456.\r\n`;
    const signed = (await dkimSign(message, { signatureData: [{ signingDomain: DOMAIN, selector: 'later', privateKey: keys.privateKey, algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed' }] } as never)) as unknown as { signatures: string };
    const page = await ctx.newPage();
    await page.goto(`${app.url}/analyze`);
    await page.getByLabel(/Message source/).fill(signed.signatures + message);
    await page.getByLabel(/Store the full message/).check();
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{32}$/, { timeout: 60_000 });
    const first = page.url();

    // The sender publishes the missing key, then asks for the same message to be verified again.
    dns.set(`later._domainkey.${DOMAIN}`, { TXT: [`v=DKIM1; k=rsa; p=${keys.publicKeyB64}`] });
    try {
      await page.getByRole('button', { name: "Verify again with today's DNS" }).click();
      await page.waitForURL((u) => /\/r\/[A-Za-z0-9_-]{32}$/.test(u.pathname) && u.href !== first, { timeout: 60_000 });
      const diff = page.getByTestId('verdict-diff');
      await diff.waitFor();
      expect(await diff.locator('li[data-changed="yes"]', { hasText: `DKIM d=${DOMAIN} s=later` }).innerText()).toMatch(/→ pass$/);
      expect(await diff.getByRole('link', { name: 'earlier verification' }).getAttribute('href')).toBe(new URL(first).pathname);
      await screenshot(page, 'report-reverified');
      // The re-verification belongs to this browser too.
      expect(await page.getByRole('button', { name: 'Delete report' }).count()).toBe(1);
    } finally {
      dns.set(`later._domainkey.${DOMAIN}`, undefined);
      await page.close();
    }
  });

  it('analyses a pasted Gmail "Show original", shares the link with a fresh browser, deletes it', async () => {
    const original = fs.readFileSync(path.join(root, 'test/fixtures/messages/gmail-show-original-synthetic.txt'), 'utf8');
    const page = await ctx.newPage();
    await page.goto(`${app.url}/analyze`);
    await page.getByLabel(/Message source/).fill(original);
    expect(await page.getByLabel(/Store the full message/).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{32}$/, { timeout: 60_000 });
    const url = page.url();
    const receiver = page.locator('div', { has: page.getByRole('heading', { name: /Receiver said/ }) }).last();
    await expect.poll(() => receiver.innerText()).toMatch(/SPF\W*pass/i);
    expect(await receiver.innerText()).toMatch(/DKIM\W*pass/i);
    expect(await receiver.innerText()).toMatch(/DMARC\W*pass/i);
    expect(await page.getByRole('heading', { name: 'Route' }).isVisible()).toBe(true);
    const summary = await page.locator('[role="status"]').first().innerText();
    await screenshot(page, 'report-analysis');

    // The pasted body is not stored unless asked.
    expect(await page.content()).not.toContain('this is the March news');

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const res = await other.goto(url);
    expect(res?.status()).toBe(200);
    expect(await other.locator('[role="status"]').first().innerText()).toBe(summary);
    expect(await other.getByRole('button', { name: 'Delete report' }).count()).toBe(0);
    await screenshot(other, 'report-analysis-shared');

    await page.getByRole('button', { name: 'Delete report' }).click();
    await page.waitForURL(`${app.url}/?deleted=1`);
    expect(await page.getByRole('status').innerText()).toContain('deleted');

    const gone = await other.goto(url);
    expect(gone?.status()).toBe(404);
    expect(await other.getByRole('heading', { level: 1 }).innerText()).toBe('No such report');
    await fresh.close();
    await page.close();
  });
});
