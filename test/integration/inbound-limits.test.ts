/**
 * Issue 10: the listener faces the internet, so one sender gets a share, not the whole server:
 * a few connections at once and a few messages a minute per client (an IPv4 address or an IPv6
 * /64), refused with the replies an MTA retries on (421 4.7.0, 451 4.7.1). And postmaster@ is
 * accepted as RFC 5321 §4.5.1 requires, stored as an ordinary received-message report.
 * Real listener on 127.0.0.1:0, real SMTP dialogs from 127.0.0.1 and 127.0.0.2, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import { smtpClientKey } from '@/lib/inbound/client-limits';
import type { InboundServer } from '@/lib/inbound/server';
import type { InboundPayload } from '@/lib/inbound/types';
import { TestDnsServer } from '../support/dns-server';
import { SmtpDialog } from '../support/smtp-dialog';
import { useTempDatabase, type TempDatabase } from '../support/temp-db';

const MAIL_DOMAIN = 'mxray.test';
let db: TempDatabase;
let dns: TestDnsServer;
let listener: InboundServer;
let lib: {
  createTestAddress: typeof import('@/lib/db/test-addresses').createTestAddress;
  getReport: typeof import('@/lib/db/reports').getReport;
  closeDb: typeof import('@/lib/db/client').closeDb;
};

beforeAll(async () => {
  db = await useTempDatabase('mxray-inbound-limits-');
  process.env.MXRAY_MAIL_DOMAIN = MAIL_DOMAIN;
  dns = await new TestDnsServer({ zone: { 'sender.test': { TXT: ['v=spf1 ip4:127.0.0.0/8 -all'] } } }).start();
  const { startInboundServer } = await import('@/lib/inbound/server');
  const { createCheckContext } = await import('@/lib/report/context');
  lib = { ...(await import('@/lib/db/test-addresses')), ...(await import('@/lib/db/reports')), ...(await import('@/lib/db/client')) };
  listener = await startInboundServer({
    port: 0,
    host: '127.0.0.1',
    maxConnectionsPerClient: 2,
    messagesPerMinutePerClient: 3,
    context: (now) => createCheckContext({ dns: { servers: parseServerList(dns.address), timeoutMs: 1500, retries: 0, cacheMaxTtlSec: 0 }, cache: null, now }),
    log: () => {},
  });
});

afterAll(async () => {
  await listener?.close();
  await dns?.stop();
  await lib?.closeDb();
  db?.remove();
});

const message = (subject: string) => ['From: <alice@sender.test>', `Subject: ${subject}`, 'Date: Wed, 25 Nov 2026 12:00:00 +0000', 'Message-ID: <x@sender.test>', '', 'Hello.', ''].join('\r\n');
const storedId = (text: string) => /report ([A-Za-z0-9_-]{32})/.exec(text)?.[1];

describe('per-sender limits of the SMTP listener', () => {
  it('buckets IPv6 senders per /64 and IPv4-mapped senders as their IPv4 address', () => {
    expect(smtpClientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(smtpClientKey('2001:db8:1:2:bbbb::7')).toBe(smtpClientKey('2001:db8:1:2:aaaa::1'));
    expect(smtpClientKey('2001:db8:1:3::1')).not.toBe(smtpClientKey('2001:db8:1:2::1'));
    expect(smtpClientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('refuses a third concurrent connection from one address with 421 4.7.0, not another address, and frees the slot on close', async () => {
    const a = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.0.1');
    const b = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.0.1');
    expect([a.greeting.code, b.greeting.code]).toEqual([220, 220]);
    const c = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.0.1');
    expect(c.greeting.code).toBe(421);
    expect(c.greeting.text).toMatch(/^4\.7\.0 Too many connections from your address \(at most 2 at once\)/);
    await c.quit();
    const other = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.0.2');
    expect(other.greeting.code).toBe(220);
    await other.quit();
    await a.quit();
    // The server sees the close a moment later: retry briefly.
    let again: SmtpDialog | undefined;
    for (let i = 0; i < 50; i++) {
      const d = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.0.1');
      if (d.greeting.code === 220) {
        again = d;
        break;
      }
      await d.quit();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(again?.greeting.code).toBe(220);
    await again?.quit();
    await b.quit();
  });

  it('answers 451 4.7.1 at MAIL FROM once an address has sent its messages for the minute; another address still sends', async () => {
    const addr = await lib.createTestAddress();
    const c = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.0.3');
    for (let i = 0; i < 3; i++) {
      const r = await c.send({ helo: 'mail.sender.test', from: 'bounce@sender.test', to: [addr.address], message: message(`n${i}`) });
      expect(r.stage).toBe('DONE');
    }
    const refused = await c.send({ helo: 'mail.sender.test', from: 'bounce@sender.test', to: [addr.address], message: message('one too many') });
    expect(refused.stage).toBe('MAIL');
    expect(refused.reply.code).toBe(451);
    expect(refused.reply.text).toMatch(/^4\.7\.1 Too many messages from your address \(at most 3 a minute\); try again in \d+ s/);
    await c.quit();
    const d = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.0.4');
    expect((await d.send({ helo: 'mail.sender.test', from: 'bounce@sender.test', to: [addr.address], message: message('other sender') })).stage).toBe('DONE');
    await d.quit();
  });
});

describe('postmaster (RFC 5321 §4.5.1)', () => {
  for (const [i, to] of [`postmaster@${MAIL_DOMAIN}`, `PostMaster@${MAIL_DOMAIN.toUpperCase()}`, 'Postmaster'].entries()) {
    it(`accepts mail for <${to}> and stores it as a received-message report with no test address`, async () => {
      const c = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, `127.0.1.${i + 1}`);
      const r = await c.send({ helo: 'mail.sender.test', from: 'bounce@sender.test', to: [to], message: message(`to postmaster ${i}`) });
      await c.quit();
      expect(r.stage).toBe('DONE');
      expect(r.reply.code).toBe(250);
      const report = await lib.getReport<InboundPayload>(storedId(r.reply.text)!);
      expect(report?.kind).toBe('inbound');
      expect(report?.subject).toBe(`to postmaster ${i}`);
      expect(report!.payload.token).toBe('');
      expect(report!.payload.envelope.rcptTo).toEqual([to]);
    });
  }

  it('still refuses other local parts and other domains', async () => {
    const c = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.1.9');
    expect((await c.send({ from: 'a@sender.test', to: [`abuse@${MAIL_DOMAIN}`], message: message('x') })).reply.code).toBe(550);
    await c.quit();
    const d = await SmtpDialog.connect(listener.port, '127.0.0.1', 15_000, '127.0.1.10');
    expect((await d.send({ from: 'a@sender.test', to: ['postmaster@elsewhere.test'], message: message('x') })).reply.code).toBe(550);
    await d.quit();
  });
});
