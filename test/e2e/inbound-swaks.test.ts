/**
 * End to end with a real SMTP client: swaks (Debian) sends to mxray's listener running as its own
 * process (bin/smtp.ts, configured only by environment), which verifies against the test DNS
 * server and stores into a real SQLite file; the report is then read through the JSON API's route
 * handlers (POST /api/test-addresses, GET /api/test-addresses/<token>, GET /api/reports/<id>),
 * exactly as the waiting page polls it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { useTempDatabase, type TempDatabase } from '../support/temp-db';
import { announceSkip, BIN, missingBinaries, startListenerProcess, swaks, type ListenerProcess } from '../support/mail-lab';

const MAIL_DOMAIN = 'mxray.e2e.test';
const missing = missingBinaries([BIN.swaks]);
if (missing.length) announceSkip('test/e2e/inbound-swaks.test.ts', `missing ${missing.join(', ')}`);

const request = (url: string, init: RequestInit = {}) => new Request(`http://localhost${url}`, { ...init, headers: { 'x-forwarded-for': '198.51.100.7', ...(init.headers ?? {}) } });

describe.skipIf(missing.length > 0)('swaks → mxray listener (bin/smtp.ts) → database → API', () => {
  let db: TempDatabase;
  let dns: TestDnsServer;
  let listener: ListenerProcess;

  beforeAll(async () => {
    db = await useTempDatabase('mxray-e2e-swaks-');
    process.env.MXRAY_MAIL_DOMAIN = MAIL_DOMAIN;
    dns = await new TestDnsServer({
      zone: {
        'sender.e2e.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'], A: ['127.0.0.1'] },
        '_dmarc.sender.e2e.test': { TXT: ['v=DMARC1; p=none'] },
      },
    }).start();
    listener = await startListenerProcess({ DATABASE_URL: db.url, MXRAY_DNS_SERVERS: dns.address, MXRAY_MAIL_DOMAIN: MAIL_DOMAIN });
  });

  afterAll(async () => {
    await listener?.stop();
    await dns?.stop();
    const { closeDb } = await import('@/lib/db/client');
    await closeDb();
    db?.remove();
  });

  it('stores a message sent with swaks and shows it through the API', async () => {
    const create = await import('@/app/api/test-addresses/route');
    const status = await import('@/app/api/test-addresses/[token]/route');
    const reports = await import('@/app/api/reports/[id]/route');

    const created = await create.POST(request('/api/test-addresses', { method: 'POST', body: JSON.stringify({ domain: 'sender.e2e.test' }), headers: { 'content-type': 'application/json' } }));
    expect(created.status).toBe(201);
    const { address, token } = (await created.json()) as { address: string; token: string };
    expect(address).toBe(`t-${token}@${MAIL_DOMAIN}`);
    const waiting = await status.GET(request(`/api/test-addresses/${token}`), { params: Promise.resolve({ token }) });
    expect(((await waiting.json()) as { state: string }).state).toBe('waiting');

    const sent = await swaks(['--server', `127.0.0.1:${listener.port}`, '--to', address, '--from', 'alice@sender.e2e.test', '--helo', 'mail.sender.e2e.test', '--header', 'Subject: mxray e2e via swaks']);
    expect(sent.code, `${sent.stdout}\n${sent.stderr}\n${listener.output()}`).toBe(0);
    const id = /250 2\.6\.0 Stored as mxray report ([A-Za-z0-9_-]{32})/.exec(sent.stdout)?.[1];
    expect(id, sent.stdout).toBeDefined();

    const received = (await (await status.GET(request(`/api/test-addresses/${token}`), { params: Promise.resolve({ token }) })).json()) as { state: string; reportId?: string; count: number };
    expect(received).toMatchObject({ state: 'received', reportId: id, count: 1 });

    const got = await reports.GET(request(`/api/reports/${id}`), { params: Promise.resolve({ id: id! }) });
    expect(got.status).toBe(200);
    const body = (await got.json()) as { kind: string; subject: string; report: { envelope: Record<string, unknown>; analysis: { verified: { spf?: { result: string; domain?: string } } } } };
    expect(body.kind).toBe('inbound');
    expect(body.subject).toBe('mxray e2e via swaks');
    // Issue 10: a report link never hands over the test address's token; the stored row keeps it.
    expect(body.report.envelope).toMatchObject({ ip: '127.0.0.1', helo: 'mail.sender.e2e.test', mailFrom: 'alice@sender.e2e.test', rcptTo: [`t-(hidden)@${MAIL_DOMAIN}`] });
    expect(JSON.stringify(body)).not.toContain(token);
    expect(body.report.analysis.verified.spf).toMatchObject({ result: 'pass', domain: 'sender.e2e.test' });
  });

  it('refuses what it must at RCPT: unknown test addresses (5.1.1) and relaying (5.7.1)', async () => {
    const unknown = await swaks(['--server', `127.0.0.1:${listener.port}`, '--to', `t-${'b'.repeat(26)}@${MAIL_DOMAIN}`, '--from', 'alice@sender.e2e.test', '--quit-after', 'RCPT']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout).toMatch(/550 5\.1\.1 .*no such test address/);
    const relay = await swaks(['--server', `127.0.0.1:${listener.port}`, '--to', 'someone@gmail.com', '--from', 'alice@sender.e2e.test', '--quit-after', 'RCPT']);
    expect(relay.code).not.toBe(0);
    expect(relay.stdout).toMatch(/550 5\.7\.1 .*relaying denied/);
  });
});
