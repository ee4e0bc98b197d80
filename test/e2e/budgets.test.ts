/**
 * Issue 10, acceptance: against the production server (bin/http.ts, `next start` with proxy.ts)
 * and its real SMTP listener.
 * (a) One budget for every route that does work: a client that spent its check budget through the
 *     JSON API is refused by GET /check, GET /setup/<domain>, the fresh checklist and "verify
 *     again" (429, pages readable with the wait), while another client still gets its answers.
 * (b) A report link is read-only: a second client sees no test-address token anywhere, its
 *     "verify again" leaves the owner's address alone, and the owner's delete leaves no body behind.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { DMARC_RECORD, DOMAIN, dkimKeys, relayZone, SELECTOR } from './support/fixture-zone';
import { ensureBuild, startApp, type RunningApp } from './support/app';

let dns: TestDnsServer;
let app: RunningApp;
const keys = dkimKeys();

beforeAll(async () => {
  ensureBuild((s) => process.stderr.write(`${s}\n`));
  dns = await new TestDnsServer({ zone: { ...relayZone(keys.publicKeyB64), [`_dmarc.${DOMAIN}`]: DMARC_RECORD } }).start();
  // Scale 0.25: 5 checks per client per minute, 20 per /48, 100 for everyone.
  app = await startApp({
    dnsAddress: dns.address,
    smtp: true,
    env: { MXRAY_TRUST_PROXY: '1', MXRAY_RATE_LIMIT_SCALE: '0.25', MXRAY_ALLOW_PRIVATE_TARGETS: '1', MXRAY_PORT25_TARGETS: '127.0.0.1:9', MXRAY_PROBE_TIMEOUT_MS: '500' },
  });
}, 600_000);
afterAll(async () => {
  await app?.stop();
  await dns?.stop();
});

const as = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...extra });
const post = (path: string, ip: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...as(ip), ...headers }, body: JSON.stringify(body) });
const get = (path: string, ip: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers: as(ip, headers) });

async function receivedMessage(ownerIp: string): Promise<{ token: string; address: string; reportId: string }> {
  const t = (await (await post('/api/test-addresses', ownerIp, { domain: DOMAIN })).json()) as { token: string; address: string };
  const transport = nodemailer.createTransport({
    host: '127.0.0.1', port: app.smtpPort, secure: false, name: `mail.${DOMAIN}`, tls: { rejectUnauthorized: false },
    dkim: { domainName: DOMAIN, keySelector: SELECTOR, privateKey: keys.privateKey },
  });
  await transport.sendMail({ from: `alice@${DOMAIN}`, to: t.address, subject: 'Budget test', text: 'The body only the owner should ever get back.' });
  transport.close();
  for (let i = 0; i < 100; i++) {
    const s = (await (await get(`/api/test-addresses/${t.token}`, ownerIp)).json()) as { reportId?: string };
    if (s.reportId) return { ...t, reportId: s.reportId };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the test message was not stored');
}

describe('one budget for every route that does work', () => {
  it('refuses pages, the fresh checklist and "verify again" to a client that spent its checks through the API, not to another', async () => {
    const spender = '198.51.100.10';
    const other = '198.51.100.20';
    const message = await receivedMessage('198.51.100.30');
    for (let i = 0; i < 5; i++) expect((await post('/api/checks', spender, { domain: DOMAIN })).status).toBe(201);
    expect((await post('/api/checks', spender, { domain: DOMAIN })).status).toBe(429);

    const routes: [string, () => (ip: string) => Promise<Response>][] = [
      ['GET /check', () => (ip) => get(`/check?domain=${DOMAIN}`, ip)],
      ['GET /setup/<domain>', () => (ip) => get(`/setup/${DOMAIN}?ip=192.0.2.25`, ip)],
      ['GET /api/checklist&fresh=1', () => (ip) => get(`/api/checklist?domain=${DOMAIN}&fresh=1`, ip)],
      ['POST /api/reports/<id>/reverify', () => (ip) => post(`/api/reports/${message.reportId}/reverify`, ip)],
    ];
    for (const [name, route] of routes) {
      const refused = await route()(spender);
      expect(refused.status, name).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      expect(wait, name).toBeGreaterThan(0);
      expect(wait, name).toBeLessThanOrEqual(60);
      if (name.startsWith('GET /check') || name.startsWith('GET /setup')) {
        expect(refused.headers.get('content-type')).toMatch(/text\/html/);
        const html = await refused.text();
        expect(html).toContain('Too many requests');
        expect(html).toMatch(new RegExp(`Please wait <strong[^>]*>${wait} seconds?</strong>`));
      } else {
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      }
    }

    // The other client still gets every one of them (4 checks: within its 5).
    const check = await get(`/check?domain=${DOMAIN}`, other);
    expect(check.status).toBe(200);
    expect(await check.text()).toContain('Saved as a shareable report');
    const setup = await get(`/setup/${DOMAIN}?ip=192.0.2.25`, other);
    expect(setup.status).toBe(200);
    expect(await setup.text()).toContain('Setting up');
    expect((await get(`/api/checklist?domain=${DOMAIN}&fresh=1`, other)).status).toBe(200);
    expect((await post(`/api/reports/${message.reportId}/reverify`, other)).status).toBe(201);
  });

  it('asks for a click before running a check another site made the browser request, and charges nothing for it', async () => {
    const visitor = '198.51.100.40';
    for (let i = 0; i < 8; i++) {
      const res = await get(`/check?domain=${DOMAIN}`, visitor, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('data-testid="confirm-run"');
      expect(html).not.toContain('Saved as a shareable report');
    }
    const setup = await (await get(`/setup/${DOMAIN}`, visitor, { 'sec-fetch-site': 'cross-site' })).text();
    expect(setup).toContain('data-testid="confirm-run"');
    // None of those spent the visitor's 5 checks; a typed URL or our own form runs.
    const typed = await get(`/check?domain=${DOMAIN}`, visitor, { 'sec-fetch-site': 'none', 'sec-fetch-user': '?1' });
    expect(await typed.text()).toContain('Saved as a shareable report');
    expect((await get(`/check?domain=${DOMAIN}`, visitor, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('gives one IPv6 /48 a shared budget however many /64s it rotates through', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 24; i++) codes.push((await post('/api/checks', `2001:db8:77:${i.toString(16)}::1`, { domain: DOMAIN })).status);
    expect(codes.filter((c) => c === 201)).toHaveLength(20);
    expect(codes.slice(20)).toEqual([429, 429, 429, 429]);
    expect((await post('/api/checks', '2001:db8:78::1', { domain: DOMAIN })).status).toBe(201);
  });
});

describe('a shared report link is read-only', () => {
  it('shows a second client no token; its "verify again" leaves the owner alone; the owner\'s delete leaves no body behind', async () => {
    const owner = '198.51.100.50';
    const stranger = '198.51.100.60';
    const m = await receivedMessage(owner);
    const statusBefore = await (await get(`/api/test-addresses/${m.token}`, owner)).text();
    const token = new RegExp(m.token, 'i');

    const json = await (await get(`/api/reports/${m.reportId}`, stranger)).text();
    expect(json).toContain('Budget test');
    expect(json).not.toMatch(token);
    const html = await (await get(`/r/${m.reportId}`, stranger)).text();
    expect(html).toContain('Test message received');
    expect(html).not.toMatch(token);

    const again = await post(`/api/reports/${m.reportId}/reverify`, stranger);
    expect(again.status).toBe(201);
    const againText = await again.text();
    expect(againText).not.toMatch(token);
    const copy = JSON.parse(againText) as { id: string };
    for (const text of [await (await get(`/api/reports/${copy.id}`, stranger)).text(), await (await get(`/r/${copy.id}`, stranger)).text()]) {
      expect(text).not.toMatch(token);
      expect(text).not.toContain('The body only the owner should ever get back.');
    }
    // The owner's address, status and report are as they were.
    expect(await (await get(`/api/test-addresses/${m.token}`, owner)).text()).toBe(statusBefore);
    expect((await get(`/api/reports/${m.reportId}`, owner)).status).toBe(200);

    // The owner's own re-check re-points the address (it holds the token) ...
    const fresh = (await (await get(`/api/checklist?domain=${DOMAIN}&ip=192.0.2.25&token=${m.token}&fresh=1`, owner)).json()) as { items: { id: string; reportId?: string }[] };
    const ownCopy = fresh.items.find((i) => i.id === 'message-auth')?.reportId;
    // (the message passes, so no re-verification is needed and the address stays on the original)
    expect(ownCopy).toBe(m.reportId);

    // ... and deleting with the address's token removes the original; nothing with the body is left.
    const del = await fetch(`${app.url}/api/reports/${m.reportId}`, { method: 'DELETE', headers: as(owner, { 'x-owner-token': m.token }) });
    expect(del.status).toBe(204);
    expect((await get(`/api/reports/${m.reportId}`, owner)).status).toBe(404);
    const left = await (await get(`/api/reports/${copy.id}`, owner)).json() as { report: { raw?: string; bodyOf?: string } };
    expect(left.report.raw).toBeUndefined();
    const reverifiedAgain = (await (await post(`/api/reports/${copy.id}/reverify`, owner)).json()) as { report: { reverified: { headersOnly: boolean } } };
    expect(reverifiedAgain.report.reverified.headersOnly).toBe(true); // the body went with the original
    // A stranger cannot delete the owner's message with a guess.
    const m2 = await receivedMessage(owner);
    expect((await fetch(`${app.url}/api/reports/${m2.reportId}`, { method: 'DELETE', headers: as(stranger, { 'x-owner-token': 'a'.repeat(26) }) })).status).toBe(403);
  });
});
