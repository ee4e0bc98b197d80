/**
 * The test-address listener end to end inside one process: a real SMTP client (nodemailer, or a raw
 * socket where each reply matters) talks to the real smtp-server listener on 127.0.0.1:0; messages
 * are verified against the real dns2 test server and stored in a real SQLite file.
 *
 * The forwarded-original case attaches RFC 6376 Appendix A.2's message with errata 3192/4926
 * applied, as copied in /work/shared/corpora/dkim/go-msgauth (from emersion/go-msgauth
 * dkim/verify_test.go @ 704519e, MIT) with its key from that folder's dns.json.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import type { DnsConfig } from '@/lib/dns';
import { TestDnsServer } from '../support/dns-server';
import { useTempDatabase, type TempDatabase } from '../support/temp-db';
import { SmtpDialog } from '../support/smtp-dialog';
import type { InboundServer } from '@/lib/inbound/server';
import type { InboundPayload } from '@/lib/inbound/types';
import { corpus as corpusPath } from '../support/corpora';

const MAIL_DOMAIN = 'mxray.test';
const MAX_BYTES = 60_000;
const corpus = corpusPath('dkim/go-msgauth');

let db: TempDatabase;
let dns: TestDnsServer;
let listener: InboundServer;
let dkimPrivateKey: string;

// Imported after DATABASE_URL points at the temp file.
let lib: {
  createTestAddress: typeof import('@/lib/db/test-addresses').createTestAddress;
  getTestAddress: typeof import('@/lib/db/test-addresses').getTestAddress;
  getReport: typeof import('@/lib/db/reports').getReport;
  countReports: typeof import('@/lib/db/reports').countReports;
  closeDb: typeof import('@/lib/db/client').closeDb;
};

function splitKey(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

beforeAll(async () => {
  db = await useTempDatabase('mxray-inbound-');
  // One setting for both sides, as in the app: addresses handed out and the listener's RCPT check.
  process.env.MXRAY_MAIL_DOMAIN = MAIL_DOMAIN;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  dkimPrivateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKey = splitKey(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const corpusDns = JSON.parse(fs.readFileSync(path.join(corpus, 'dns.json'), 'utf8')) as Record<string, { TXT: string[][] }>;
  dns = await new TestDnsServer({
    zone: {
      'sender.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'], A: ['127.0.0.1'] },
      '_dmarc.sender.test': { TXT: ['v=DMARC1; p=reject'] },
      'sel._domainkey.sender.test': { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] },
      'brisbane._domainkey.example.com': { TXT: corpusDns['brisbane._domainkey.example.com']!.TXT },
      'football.example.com': { TXT: ['v=spf1 -all'] },
    },
  }).start();
  const dnsConfig: DnsConfig = { servers: parseServerList(dns.address), timeoutMs: 1500, retries: 1, cacheMaxTtlSec: 0 };
  const { startInboundServer } = await import('@/lib/inbound/server');
  const { createCheckContext } = await import('@/lib/report/context');
  lib = { ...(await import('@/lib/db/test-addresses')), ...(await import('@/lib/db/reports')), ...(await import('@/lib/db/client')) };
  listener = await startInboundServer({
    port: 0,
    host: '127.0.0.1',
    maxBytes: MAX_BYTES,
    maxMessagesPerConnection: 3,
    context: (now) => createCheckContext({ dns: dnsConfig, cache: null, now }),
    log: (l) => { if (process.env.LDEBUG) console.error(l); },
  });
});

afterAll(async () => {
  await listener?.close();
  await dns?.stop();
  await lib?.closeDb();
  db?.remove();
});

function plainMessage(to: string, subject: string, from = 'alice@sender.test'): string {
  return [`From: Alice <${from}>`, `To: <${to}>`, `Subject: ${subject}`, 'Date: Wed, 25 Nov 2026 12:00:00 +0000', `Message-ID: <${Math.random().toString(36).slice(2)}@sender.test>`, '', 'Hello from the test.', ''].join('\r\n');
}

const storedId = (text: string) => /report ([A-Za-z0-9_-]{32})/.exec(text)?.[1];

describe('test-address listener', () => {
  it('names mxray in its banner and announces the size limit in EHLO (RFC 1870)', async () => {
    const c = await SmtpDialog.connect(listener.port);
    expect(c.greeting.code).toBe(220);
    expect(c.greeting.text).toMatch(/mxray/);
    const ehlo = await c.command('EHLO client.test');
    expect(ehlo.code).toBe(250);
    expect(ehlo.lines.map((l) => l.slice(4))).toContain(`SIZE ${MAX_BYTES}`);
    expect(ehlo.text).not.toMatch(/AUTH/);
    await c.quit();
  });

  it('stores an accepted message with the real envelope before answering 250, and marks the address received', async () => {
    const addr = await lib.createTestAddress({ domain: 'sender.test' });
    expect(addr.address).toMatch(new RegExp(`^t-[a-z2-7]{26}@${MAIL_DOMAIN.replace('.', '\\.')}$`));
    const c = await SmtpDialog.connect(listener.port);
    const r = await c.send({ helo: 'mail.sender.test', from: 'bounce@sender.test', to: [addr.address], message: plainMessage(addr.address, 'Envelope test') });
    await c.quit();
    expect(r.stage).toBe('DONE');
    const id = storedId(r.reply.text);
    expect(id).toBeDefined();
    // Read immediately after the 250: the report must already be committed.
    const report = await lib.getReport<InboundPayload>(id!);
    expect(report?.kind).toBe('inbound');
    expect(report?.subject).toBe('Envelope test');
    const p = report!.payload;
    expect(p.envelope).toMatchObject({ ip: '127.0.0.1', helo: 'mail.sender.test', mailFrom: 'bounce@sender.test', rcptTo: [addr.address], tls: false });
    expect(p.token).toBe(addr.token);
    expect(p.forwarded).toBeUndefined();
    expect(p.headers).toMatch(/^From: Alice <alice@sender.test>/);
    expect(p.raw).toContain('Hello from the test.');
    // SPF judged as a receiver would: the connecting IP against MAIL FROM's domain.
    expect(p.analysis.verified.spf).toMatchObject({ result: 'pass', domain: 'sender.test', ip: '127.0.0.1' });
    const status = await lib.getTestAddress(addr.token.toUpperCase());
    expect(status).toMatchObject({ state: 'received', reportId: id, count: 1, domain: 'sender.test' });
  });

  it('verifies a DKIM signature made by a real client (nodemailer) as pass', async () => {
    const addr = await lib.createTestAddress();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      name: 'mail.sender.test',
      tls: { rejectUnauthorized: false }, // the listener's STARTTLS certificate is self-signed here
      dkim: { domainName: 'sender.test', keySelector: 'sel', privateKey: dkimPrivateKey },
    });
    const info = await transport.sendMail({ from: 'alice@sender.test', to: addr.address.toUpperCase(), subject: 'Signed', text: 'signed body' });
    transport.close();
    const id = storedId(info.response);
    expect(id).toBeDefined();
    const p = (await lib.getReport<InboundPayload>(id!))!.payload;
    expect(p.envelope.tls).toBe(true);
    expect(p.analysis.verified.dkim).toEqual(expect.arrayContaining([expect.objectContaining({ result: 'pass', domain: 'sender.test', selector: 'sel' })]));
    expect(p.analysis.verified.dmarc?.result).toBe('pass');
  });

  it('refuses unknown, malformed and expired test addresses at RCPT with 550 5.1.1', async () => {
    const expired = await lib.createTestAddress({ ttlHours: 1, now: new Date(Date.now() - 2 * 3_600_000) });
    const before = await lib.countReports('inbound');
    for (const [to, words] of [
      [`t-${'a'.repeat(26)}@${MAIL_DOMAIN}`, /no such test address/],
      [`abuse@${MAIL_DOMAIN}`, /no such test address/], // postmaster is accepted (RFC 5321 §4.5.1, issue 10)
      [expired.address, /expired/],
    ] as const) {
      const c = await SmtpDialog.connect(listener.port);
      const r = await c.send({ from: 'alice@sender.test', to: [to], message: plainMessage(to, 'nope') });
      await c.quit();
      expect(r.stage).toBe('RCPT');
      expect(r.reply.code).toBe(550);
      expect(r.reply.text).toMatch(/^5\.1\.1 /);
      expect(r.reply.text).toMatch(words);
    }
    expect(await lib.countReports('inbound')).toBe(before);
  });

  it('never relays: any other domain gets 550 5.7.1 at RCPT', async () => {
    const addr = await lib.createTestAddress();
    const foreign = addr.address.replace(`@${MAIL_DOMAIN}`, '@gmail.com');
    const c = await SmtpDialog.connect(listener.port);
    const r = await c.send({ from: 'alice@sender.test', to: [foreign], message: plainMessage(foreign, 'relay?') });
    await c.quit();
    expect(r.stage).toBe('RCPT');
    expect(r.reply.code).toBe(550);
    expect(r.reply.text).toMatch(/^5\.7\.1 .*relaying denied/);
  });

  it('refuses an oversized message with 552: up front on MAIL FROM SIZE=, and after DATA overflow', async () => {
    const addr = await lib.createTestAddress();
    const before = await lib.countReports('inbound');
    const c = await SmtpDialog.connect(listener.port);
    const early = await c.send({ from: 'alice@sender.test', to: [addr.address], message: 'x', mailParams: `SIZE=${MAX_BYTES + 1}` });
    expect(early.stage).toBe('MAIL');
    expect(early.reply.code).toBe(552);
    await c.command('RSET');
    const big = plainMessage(addr.address, 'too big') + 'y'.repeat(76).concat('\r\n').repeat(Math.ceil((MAX_BYTES * 1.5) / 78));
    const late = await c.send({ from: 'alice@sender.test', to: [addr.address], message: big });
    await c.quit();
    expect(late.stage).toBe('DATA');
    expect(late.reply.code).toBe(552);
    expect(late.reply.text).toContain(`at most ${MAX_BYTES} bytes`);
    expect(await lib.countReports('inbound')).toBe(before);
    expect((await lib.getTestAddress(addr.token))?.state).toBe('waiting');
  });

  it('analyses a message forwarded as an attachment as the original it carries', async () => {
    const addr = await lib.createTestAddress();
    const original = fs.readFileSync(path.join(corpus, 'rfc6376-a2-signed-errata-fixed.eml'), 'latin1').replace(/\r?\n/g, '\r\n');
    const boundary = 'fwd-boundary-1';
    const wrapper = [
      'From: Suzie Q <suzie@sender.test>',
      `To: ${addr.address}`,
      'Subject: Fwd: Is dinner ready?',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Why did this land in spam?',
      `--${boundary}`,
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="dinner.eml"',
      '',
      original.replace(/\r\n$/, ''),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const c = await SmtpDialog.connect(listener.port);
    const r = await c.send({ helo: 'mail.sender.test', from: 'suzie@sender.test', to: [addr.address], message: wrapper });
    await c.quit();
    expect(r.stage).toBe('DONE');
    const report = await lib.getReport<InboundPayload>(storedId(r.reply.text)!);
    const p = report!.payload;
    expect(report!.subject).toBe('Is dinner ready?');
    expect(p.forwarded).toEqual({ attachedAs: 'message/rfc822', filename: 'dinner.eml', wrapper: { subject: 'Fwd: Is dinner ready?', from: 'Suzie Q <suzie@sender.test>' } });
    expect(p.headers).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; s=brisbane; d=example.com;/);
    // The original's signature only verifies if its bytes were extracted exactly.
    expect(p.analysis.verified.dkim).toEqual(expect.arrayContaining([expect.objectContaining({ result: 'pass', domain: 'example.com', selector: 'brisbane' })]));
    // The envelope kept is the forward's, for the record.
    expect(p.envelope.mailFrom).toBe('suzie@sender.test');
  });

  it('answers 451 and stores nothing when the database cannot take the report, then accepts the retry', async () => {
    const addr = await lib.createTestAddress();
    // Another process takes the table away, as an operator or a failing disk would: a second
    // SQLite connection inside this process would share its file locks and muddle the test.
    const sql = (stmt: string) => execFileSync(process.execPath, ['-e', `require('@libsql/client').createClient({ url: process.argv[1] }).execute(process.argv[2]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`, db.url, stmt], { cwd: path.resolve(__dirname, '../..'), timeout: 60_000 });
    const before = await lib.countReports('inbound');
    sql('ALTER TABLE "Report" RENAME TO "Report_offline"');
    let reply;
    try {
      const c = await SmtpDialog.connect(listener.port);
      reply = await c.send({ from: 'alice@sender.test', to: [addr.address], message: plainMessage(addr.address, 'while the db is down') });
      await c.quit();
    } finally {
      sql('ALTER TABLE "Report_offline" RENAME TO "Report"');
    }
    expect(reply.stage).toBe('DATA');
    expect(reply.reply.code).toBe(451);
    expect(reply.reply.text).toMatch(/^4\.3\.0 .*not stored|could not be stored/);
    expect(await lib.countReports('inbound')).toBe(before);
    expect((await lib.getTestAddress(addr.token))?.state).toBe('waiting');
    // What a sending MTA does next: retry. Now it is stored.
    const c = await SmtpDialog.connect(listener.port);
    const retry = await c.send({ from: 'alice@sender.test', to: [addr.address], message: plainMessage(addr.address, 'while the db is down') });
    await c.quit();
    expect(retry.reply.code).toBe(250);
    expect(await lib.countReports('inbound')).toBe(before + 1);
  });

  it('closes a connection that sends more messages than allowed per connection with 421', async () => {
    const addr = await lib.createTestAddress();
    const c = await SmtpDialog.connect(listener.port);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await c.send({ from: 'alice@sender.test', to: [addr.address], message: plainMessage(addr.address, `n${i}`) });
      codes.push(r.reply.code);
    }
    const fourth = await c.command('MAIL FROM:<alice@sender.test>');
    await c.quit();
    expect(codes).toEqual([250, 250, 250]);
    expect(fourth.code).toBe(421);
    expect((await lib.getTestAddress(addr.token))?.count).toBe(3);
  });

  it('stores every one of many concurrent messages, each under its own report id (group commit)', async () => {
    const addr = await lib.createTestAddress();
    const before = await lib.countReports('inbound');
    const sessions = 8;
    const perSession = 3;
    const ids = (await Promise.all(Array.from({ length: sessions }, async (_, s) => {
      const c = await SmtpDialog.connect(listener.port);
      const got: (string | undefined)[] = [];
      for (let i = 0; i < perSession; i++) {
        const r = await c.send({ from: 'alice@sender.test', to: [addr.address], message: plainMessage(addr.address, `burst ${s}.${i}`) });
        got.push(r.reply.code === 250 ? storedId(r.reply.text) : `${r.stage} ${r.reply.code} ${r.reply.text}`);
      }
      await c.quit();
      return got;
    }))).flat();
    expect(ids.filter((id) => !/^[A-Za-z0-9_-]{32}$/.test(id ?? ""))).toEqual([]);
    expect(new Set(ids).size).toBe(sessions * perSession);
    expect(await lib.countReports('inbound')).toBe(before + sessions * perSession);
    const subjects = await Promise.all(ids.map(async (id) => (await lib.getReport(id!))?.subject));
    expect(new Set(subjects).size).toBe(sessions * perSession);
    expect((await lib.getTestAddress(addr.token))?.count).toBe(sessions * perSession);
  });
});
