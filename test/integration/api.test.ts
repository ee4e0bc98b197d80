import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { getRequest, jsonRequest, params, useApiFixtures } from './api-support';
import * as checks from '@/app/api/checks/route';
import * as analyze from '@/app/api/analyze/route';
import * as reports from '@/app/api/reports/[id]/route';
import * as checklist from '@/app/api/checklist/route';
import * as testAddresses from '@/app/api/test-addresses/route';
import * as testAddress from '@/app/api/test-addresses/[token]/route';
import { getReport } from '@/lib/db/reports';
import { resetRateLimits } from '@/lib/api/rate-limit';

useApiFixtures({
  'example.test': { TXT: ['v=spf1 ip4:192.0.2.25 -all'], MX: [[10, 'mx.example.test']] },
  'mx.example.test': { A: ['192.0.2.25'] },
  '_dmarc.example.test': { TXT: ['v=DMARC1; p=none'] },
});
beforeEach(() => resetRateLimits());

type ErrorBody = { error: { code: string; message: string; field?: string } };
const body = async <T>(r: Response) => (await r.json()) as T;

const gmailOriginal = [
  'Original Message',
  'Message ID\t<abc@example.test>',
  'From:\tAlice <alice@example.test>',
  'SPF:\tPASS with IP 192.0.2.25 Learn more',
  '',
  'Download Original\tCopy to clipboard',
  'Delivered-To: bob@gmail.example',
  'Received: from mx.example.test (mx.example.test [192.0.2.25]) by mx.google.example with ESMTPS; Tue, 25 Nov 2026 12:00:00 +0000',
  'From: Alice <alice@example.test>',
  'Subject: hello',
  '',
  'The private body text.',
].join('\r\n');

describe('POST /api/checks', () => {
  it('runs a check, stores it and answers 201 with id, url and the report', async () => {
    const res = await checks.POST(jsonRequest('/api/checks', { domain: 'Example.TEST', selectors: ['mail'] }));
    expect(res.status).toBe(201);
    const b = await body<{ id: string; url: string; ownerToken: string; report: { domain: string; checks: { id: string }[] } }>(res);
    expect(b.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(b.url).toBe(`http://localhost/r/${b.id}`);
    expect(b.report.domain).toBe('example.test');
    expect(b.report.checks.map((c) => c.id)).toContain('mx');
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^mxray_owner=${b.ownerToken}; Path=/r/${b.id};.*HttpOnly; SameSite=Strict`));
    const stored = await getReport<{ domain: string }>(b.id);
    expect(stored?.payload.domain).toBe('example.test');
  });

  it('links a re-run to the report it repeats', async () => {
    const first = await body<{ id: string }>(await checks.POST(jsonRequest('/api/checks', { domain: 'example.test' })));
    const again = await body<{ id: string }>(await checks.POST(jsonRequest('/api/checks', { domain: 'example.test', previousId: first.id })));
    expect((await getReport(again.id))?.previousId).toBe(first.id);
  });

  it('answers 400 with the sentence for a bad domain, and names the field', async () => {
    const res = await checks.POST(jsonRequest('/api/checks', { domain: 'exa mple..com' }));
    expect(res.status).toBe(400);
    const b = await body<ErrorBody>(res);
    expect(b.error.code).toBe('invalid_input');
    expect(b.error.field).toBe('domain');
    expect(b.error.message.length).toBeGreaterThan(10);
    const ip = await body<ErrorBody>(await checks.POST(jsonRequest('/api/checks', { domain: 'example.test', ip: '999.1.1.1' })));
    expect(ip.error.field).toBe('ip');
  });

  it('answers 400 for invalid JSON and for a missing domain', async () => {
    const res = await checks.POST(jsonRequest('/api/checks', '{"domain": "example.test"'));
    expect(res.status).toBe(400);
    expect((await body<ErrorBody>(res)).error.code).toBe('invalid_json');
    const missing = await checks.POST(jsonRequest('/api/checks', { ip: '192.0.2.1' }));
    expect(missing.status).toBe(400);
    expect((await body<ErrorBody>(missing)).error).toMatchObject({ code: 'invalid_input', field: 'domain' });
  });

  it('answers 413 for a body over 64 KB', async () => {
    const res = await checks.POST(jsonRequest('/api/checks', { domain: 'example.test', pad: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect((await body<ErrorBody>(res)).error.code).toBe('payload_too_large');
  });

  it('answers 405 with Allow for other methods', async () => {
    const res = checks.GET();
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await body<ErrorBody>(res)).error.code).toBe('method_not_allowed');
  });

  it('rate-limits a client with 429 and Retry-After, leaving other clients alone', async () => {
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await checks.POST(jsonRequest('/api/checks', '{', { ip }))).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    const limited = await checks.POST(jsonRequest('/api/checks', '{', { ip }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await body<ErrorBody>(limited)).error.code).toBe('rate_limited');
    expect((await checks.POST(jsonRequest('/api/checks', '{', { ip: '203.0.113.51' }))).status).toBe(400);
  });
});

describe('POST /api/analyze', () => {
  it('keeps every header field of a paste, also those before a Received line', async () => {
    const message = 'From: App <app@example.test>\r\nSubject: Hi\r\nReceived: from relay.example.test ([192.0.2.7]) by mx.receiver.test; Wed, 25 Nov 2026 10:00:02 +0000\r\n\r\nprivate body\r\n';
    const b = await body<{ id: string }>(await analyze.POST(jsonRequest('/api/analyze', { message })));
    expect((await getReport<{ headers: string }>(b.id))?.payload.headers).toBe('From: App <app@example.test>\nSubject: Hi\nReceived: from relay.example.test ([192.0.2.7]) by mx.receiver.test; Wed, 25 Nov 2026 10:00:02 +0000');
  });

  it('stores the analysis and the headers, but not the body unless asked', async () => {
    const res = await analyze.POST(jsonRequest('/api/analyze', { message: gmailOriginal }));
    expect(res.status).toBe(201);
    const b = await body<{ id: string; url: string; result: { kind: string; receiver: { spf?: { result: string }; dmarc?: { result: string } } } }>(res);
    expect(b.result.kind).toBe('analysis');

    const stored = await getReport<{ headers: string; message?: string }>(b.id);
    expect(stored?.kind).toBe('analysis');
    expect(stored?.payload.headers.startsWith('Delivered-To: bob@gmail.example')).toBe(true);
    expect(stored?.payload.headers).toContain('Subject: hello');
    expect(JSON.stringify(stored?.payload)).not.toContain('private body');
    expect(stored?.payload.message).toBeUndefined();

    const kept = await body<{ id: string }>(await analyze.POST(jsonRequest('/api/analyze', { message: gmailOriginal, store: true })));
    expect((await getReport<{ message?: string }>(kept.id))?.payload.message).toContain('private body');
  });

  it('returns the receiver\'s verdicts for a Gmail "Show original" paste', async () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/messages/gmail-show-original-synthetic.txt'), 'utf8');
    const res = await analyze.POST(jsonRequest('/api/analyze', { message: text }));
    expect(res.status).toBe(201);
    const b = await body<{ result: { receiver: { spf?: { result: string }; dkim: { result: string }[]; dmarc?: { result: string } }; hops: unknown[] } }>(res);
    expect(b.result.receiver.spf?.result).toBe('pass');
    expect(b.result.receiver.dkim[0]?.result).toBe('pass');
    expect(b.result.receiver.dmarc?.result).toBe('pass');
    expect(b.result.hops.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 400 for an empty message, invalid JSON and a wrong type', async () => {
    expect((await analyze.POST(jsonRequest('/api/analyze', { message: '' }))).status).toBe(400);
    expect((await body<ErrorBody>(await analyze.POST(jsonRequest('/api/analyze', 'not json')))).error.code).toBe('invalid_json');
    expect((await body<ErrorBody>(await analyze.POST(jsonRequest('/api/analyze', { message: 42 })))).error.field).toBe('message');
  });

  it('answers 413 above 12 MB, by declared length and by bytes read', async () => {
    const declared = new Request('http://localhost/api/analyze', { method: 'POST', body: '{}', headers: { 'content-length': String(13 * 1024 * 1024), 'x-forwarded-for': '198.51.100.200' } });
    expect((await analyze.POST(declared)).status).toBe(413);
    const big = await analyze.POST(jsonRequest('/api/analyze', { message: 'x'.repeat(12 * 1024 * 1024) }));
    expect(big.status).toBe(413);
  });
});

describe('GET and DELETE /api/reports/<id>', () => {
  it('returns the stored report, and 404 for unknown or malformed ids', async () => {
    const created = await body<{ id: string }>(await checks.POST(jsonRequest('/api/checks', { domain: 'example.test' })));
    const res = await reports.GET(getRequest(`/api/reports/${created.id}`), params({ id: created.id }));
    expect(res.status).toBe(200);
    const b = await body<{ id: string; kind: string; subject: string; report: { domain: string } }>(res);
    expect(b).toMatchObject({ id: created.id, kind: 'check', subject: 'example.test' });
    expect(b.report.domain).toBe('example.test');

    const unknown = 'A'.repeat(32);
    const nf = await reports.GET(getRequest(`/api/reports/${unknown}`), params({ id: unknown }));
    expect(nf.status).toBe(404);
    expect((await body<ErrorBody>(nf)).error.code).toBe('not_found');
    expect((await reports.GET(getRequest('/api/reports/..%2f'), params({ id: '../etc' }))).status).toBe(404);
  });

  it('deletes only with the owner token', async () => {
    const created = await body<{ id: string; ownerToken: string }>(await checks.POST(jsonRequest('/api/checks', { domain: 'example.test' })));
    const del = (headers: Record<string, string>) => reports.DELETE(getRequest(`/api/reports/${created.id}`, { method: 'DELETE', headers }), params({ id: created.id }));
    expect((await del({})).status).toBe(403);
    expect((await del({ 'x-owner-token': 'wrong' })).status).toBe(403);
    expect((await del({ authorization: `Bearer ${created.ownerToken}` })).status).toBe(204);
    expect((await del({ 'x-owner-token': created.ownerToken })).status).toBe(404);
    expect(await getReport(created.id)).toBeNull();
  });
});

describe('GET /api/checklist', () => {
  it('returns the nine steps with states from real checks', async () => {
    const res = await checklist.GET(getRequest('/api/checklist?domain=example.test&ip=192.0.2.25'));
    expect(res.status).toBe(200);
    const b = await body<{ items: { id: string; state: string }[]; selector: string; total: number }>(res);
    expect(b.total).toBe(9);
    expect(b.selector).toBe('mail');
    expect(b.items.map((i) => i.id)).toEqual(['ip-not-listed', 'port25', 'spf', 'dkim', 'dmarc', 'ptr', 'mx', 'test-message', 'message-auth']);
  });

  it('answers 400 without a domain or with a bad one', async () => {
    expect((await body<ErrorBody>(await checklist.GET(getRequest('/api/checklist')))).error.field).toBe('domain');
    expect((await checklist.GET(getRequest('/api/checklist?domain=-bad-.test'))).status).toBe(400);
  });
});

describe('test addresses', () => {
  it('creates an address and reports it as waiting', async () => {
    const res = await testAddresses.POST(jsonRequest('/api/test-addresses', { domain: 'example.test' }));
    expect(res.status).toBe(201);
    const b = await body<{ address: string; token: string; state: string }>(res);
    expect(b.address).toContain(b.token);
    expect(b.state).toBe('waiting');
    const got = await testAddress.GET(getRequest(`/api/test-addresses/${b.token}`), params({ token: b.token }));
    expect(got.status).toBe(200);
    expect(await body<{ state: string; address: string }>(got)).toMatchObject({ state: 'waiting', address: b.address });
    // An empty body is fine: the domain is optional.
    expect((await testAddresses.POST(new Request('http://localhost/api/test-addresses', { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.99' } }))).status).toBe(201);
  });

  it('rejects unknown fields and oversize bodies', async () => {
    expect((await body<ErrorBody>(await testAddresses.POST(jsonRequest('/api/test-addresses', { domain: 'a.test', x: 1 })))).error.message).toBe('Unknown field: x.');
    expect((await testAddresses.POST(jsonRequest('/api/test-addresses', { domain: 'x'.repeat(20_000) }))).status).toBe(413);
  });

  it('answers 404 for an unknown token and 400 for invalid JSON', async () => {
    const res = await testAddress.GET(getRequest('/api/test-addresses/nope'), params({ token: 'nope' }));
    expect(res.status).toBe(404);
    expect((await body<ErrorBody>(res)).error.code).toBe('not_found');
    expect((await testAddresses.POST(jsonRequest('/api/test-addresses', '{x'))).status).toBe(400);
  });
});
