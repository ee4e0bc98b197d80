/**
 * A received test message's report shows mxray's own receipt: a real SMTP client (nodemailer) sends
 * over STARTTLS (and once in plain text) to the real listener on 127.0.0.1:0; the connecting IP's
 * reverse DNS, HELO and blocklist lines come from the real dns2 test server; the report is read back
 * from a real SQLite file.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerList, type DnsConfig } from '@/lib/dns';
import type { InboundServer } from '@/lib/inbound/server';
import type { InboundPayload } from '@/lib/inbound/types';
import { TestDnsServer } from '../support/dns-server';
import { useTempDatabase, type TempDatabase } from '../support/temp-db';

const MAIL_DOMAIN = 'mxray.test';
// Imported once DATABASE_URL points at the temp file.
const loadDb = async () => ({ ...(await import('@/lib/db/test-addresses')), ...(await import('@/lib/db/reports')), ...(await import('@/lib/db/client')) });
let lib: Awaited<ReturnType<typeof loadDb>>;
let db: TempDatabase;
let dns: TestDnsServer;
let listener: InboundServer;

beforeAll(async () => {
  db = await useTempDatabase('mxray-receipt-');
  process.env.MXRAY_MAIL_DOMAIN = MAIL_DOMAIN;
  dns = await new TestDnsServer({
    zone: {
      'sender.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
      '_dmarc.sender.test': { TXT: ['v=DMARC1; p=none'] },
      '1.0.0.127.in-addr.arpa': { PTR: ['relay.sender.test'] },
      'relay.sender.test': { A: ['127.0.0.1'] },
    },
  }).start();
  const dnsConfig: DnsConfig = { servers: parseServerList(dns.address), timeoutMs: 1500, retries: 1, cacheMaxTtlSec: 0 };
  const { startInboundServer } = await import('@/lib/inbound/server');
  const { createCheckContext } = await import('@/lib/report/context');
  lib = await loadDb();
  listener = await startInboundServer({ port: 0, host: '127.0.0.1', context: (now) => createCheckContext({ dns: dnsConfig, cache: null, now }), log: () => {} });
});

afterAll(async () => {
  await listener?.close();
  await dns?.stop();
  await lib?.closeDb();
  db?.remove();
});

const storedId = (text: string) => /report ([A-Za-z0-9_-]{32})/.exec(text)?.[1];

async function send(opts: { tls: boolean; helo: string }) {
  const addr = await lib.createTestAddress({ domain: 'sender.test' });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    name: opts.helo,
    ...(opts.tls ? { requireTLS: true, tls: { rejectUnauthorized: false } } : { ignoreTLS: true }),
  });
  const info = await transport.sendMail({ envelope: { from: 'bounce@sender.test', to: addr.address }, from: 'alice@sender.test', to: addr.address, subject: 'Receipt', text: 'hello' });
  transport.close();
  const report = await lib.getReport<InboundPayload>(storedId(info.response)!);
  return { addr, p: report!.payload };
}

describe("a test message's report shows mxray's own receipt", () => {
  it('over STARTTLS: IP, forward-confirmed rDNS, HELO match, TLS version and cipher, envelope, size, dialogue', async () => {
    const { addr, p } = await send({ tls: true, helo: 'relay.sender.test' });
    const r = p.analysis.receipt!;
    expect(r).toMatchObject({ ip: '127.0.0.1', helo: 'relay.sender.test', mailFrom: 'bounce@sender.test', rcptTo: [`t-…@${MAIL_DOMAIN}`], by: MAIL_DOMAIN, size: p.size });
    expect(r.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls?.cipher).toMatch(/^TLS_/);
    expect(r.rdns).toMatchObject({ names: ['relay.sender.test'], confirmed: true, heloMatches: true, status: 'pass' });
    expect(r.dialogue[0]).toBe('connect from 127.0.0.1');
    expect(r.dialogue).toContain('EHLO relay.sender.test');
    expect(r.dialogue.find((l) => l.startsWith('STARTTLS → TLSv1'))).toBeDefined();
    expect(r.dialogue).toContain(`RCPT TO:<t-…@${MAIL_DOMAIN}> → 250`);
    expect(r.dialogue).toContain(`DATA → ${p.size} bytes`);
    // The token is the address's secret: nothing added for the receipt carries it.
    expect(JSON.stringify(r)).not.toContain(addr.token);
    // "Receiver said" is mxray's own verdicts: mxray was the receiver.
    expect(p.analysis.receiver).toMatchObject({ authservId: 'mxray', spf: { result: 'pass' }, dmarc: { result: 'pass' } });
    // mxray's hop ends the route, with the TLS it negotiated.
    const last = p.analysis.hops[p.analysis.hops.length - 1]!;
    expect(last).toMatchObject({ from: 'relay.sender.test', ip: '127.0.0.1', by: MAIL_DOMAIN, with: 'ESMTPS', boundary: true });
    expect(last.tls).toBe(`${r.tls!.protocol} ${r.tls!.cipher}`);
    expect(p.analysis.headline).toMatchObject({ basis: 'receiver' });
    expect(p.analysis.headline?.text).toMatch(/^mxray received this test message and found SPF pass, DKIM none, DMARC pass\./);
    // The blocklist line: every default list asked about the connecting IP (none lists it here).
    expect(r.dnsbl).toMatchObject({ listed: [] });
    expect(r.dnsbl!.checked).toBeGreaterThanOrEqual(10);
    expect(r.dnsbl!.summary).toMatch(/^127\.0\.0\.1: not listed on any of \d+ answering lists/);
  });

  it('in plain text: "no TLS", and the fix is the Postfix setting; an unconfirmed HELO is shown as such', async () => {
    const { p } = await send({ tls: false, helo: 'other.sender.test' });
    const r = p.analysis.receipt!;
    expect(r.tls).toBeNull();
    expect(r.dialogue.some((l) => l.startsWith('STARTTLS'))).toBe(false);
    expect(r.rdns).toMatchObject({ confirmed: true, heloMatches: false });
    expect(p.analysis.hops[p.analysis.hops.length - 1]).toMatchObject({ with: 'ESMTP', rdns: 'relay.sender.test' });
    expect(p.analysis.findings.find((f) => f.code === 'message.border-no-tls')?.fix?.setting?.line).toBe('smtp_tls_security_level = may');
  });
});
