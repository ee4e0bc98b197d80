/**
 * Bad input: every case gives a bounded-time result or a clear error, never a crash or a hang.
 * Generous time limits: the point is "bounded", on a loaded 2-core machine.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import { analyzeMessage } from '@/lib/message';
import { createCheckContext } from '@/lib/report/context';
import { TestDnsServer } from '../support/dns-server';

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await new TestDnsServer({ zone: { 'example.test': { TXT: ['v=spf1 -all'] } } }).start();
});
afterAll(() => dns.stop());
const ctx = () => createCheckContext({ dns: { servers: parseServerList(dns.address), timeoutMs: 500, retries: 0, cacheMaxTtlSec: 0 }, cache: null });

async function timed(input: string | Buffer) {
  const t0 = Date.now();
  const a = await analyzeMessage(input, { ctx: ctx() });
  return { a, ms: Date.now() - t0 };
}

const HEAD = 'From: a@example.test\r\nTo: b@example.test\r\nSubject: s\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\nMessage-ID: <x@example.test>\r\n';

describe('bad input', () => {
  it('empty input → clear error', async () => {
    const { a } = await timed('  \r\n\r\n ');
    expect(a.status).toBe('error');
    expect(a.input?.error?.code).toBe('message.input-empty');
  });
  it('more than 25 MB → clear error without reading it all', async () => {
    const { a, ms } = await timed(Buffer.alloc(26 * 1024 * 1024, 0x61));
    expect(a.input?.error?.code).toBe('message.input-too-large');
    expect(ms).toBeLessThan(2000);
  });
  it('a 10 MB paste (10 MB body) is analysed in bounded time', async () => {
    const { a, ms } = await timed(HEAD + '\r\n' + 'All work and no play makes Jack a dull boy.\r\n'.repeat(230_000));
    expect(a.input?.hasBody).toBe(true);
    expect(a.input!.bytes).toBeGreaterThan(10_000_000);
    expect(ms).toBeLessThan(15_000);
  });
  it('binary junk → "not a mail message"', async () => {
    const junk = Buffer.alloc(200_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    const { a } = await timed(junk);
    expect(a.input?.error?.code).toBe('message.input-binary');
  });
  it('text without any header line → "no mail headers found"', async () => {
    const { a } = await timed('just some words\nand more words\n');
    expect(a.input?.error?.code).toBe('message.input-no-headers');
  });
  it('a header line of 1 MB', async () => {
    const { a, ms } = await timed(`${HEAD}X-Long: ${'x'.repeat(1024 * 1024)}\r\n\r\nbody\r\n`);
    expect(a.status).not.toBe(undefined);
    expect(a.subject).toBe('s');
    expect(ms).toBeLessThan(10_000);
  });
  it('10,000 Received headers: hops cut to the field limit, stated, verification skipped', async () => {
    const rcvd = Array.from({ length: 10_000 }, (_, i) => `Received: from h${i}.example.test ([192.0.2.${i % 250}]) by h${i + 1}.example.test with ESMTP id ${i}; Mon, 1 Jan 2024 10:00:00 +0000\r\n`).join('');
    const { a, ms } = await timed(rcvd + HEAD + '\r\nbody\r\n');
    expect(a.input?.truncated).toMatch(/header fields beyond the first 2000 were ignored/);
    expect(a.findings.map((f) => f.code)).toContain('message.headers-truncated');
    expect(a.hops.length).toBe(2000);
    expect(ms).toBeLessThan(15_000);
  });
  it('malformed Authentication-Results headers', async () => {
    const bad = ['Authentication-Results: ((((', 'Authentication-Results: ;;;=;=', 'Authentication-Results: x; dkim=', 'Authentication-Results: "unterminated; spf=pass', 'Authentication-Results: ))) spf = = pass ((', 'ARC-Authentication-Results: i=x; ;'].join('\r\n');
    const { a } = await timed(`${bad}\r\n${HEAD}\r\nbody\r\n`);
    expect(a.status).not.toBe('error');
    expect(a.receiver.dkim).toEqual([]);
  });
  it('non-UTF-8 bytes (latin1 Subject, invalid sequences) do not break anything', async () => {
    const raw = Buffer.concat([Buffer.from('From: a@example.test\r\nSubject: Gr'), Buffer.from([0xfc, 0xdf, 0x65, 0xff, 0xfe, 0xc3]), Buffer.from('\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\n\r\nK'), Buffer.from([0xe4, 0x80]), Buffer.from('se\r\n')]);
    const { a } = await timed(raw);
    expect(a.status).not.toBe('error');
    expect(a.subject).toMatch(/^Gr/);
    expect(a.input?.hasBody).toBe(true);
  });
  it('headers only, no trailing newline, CR-only garbage, mixed line endings', async () => {
    for (const s of ['From: a@example.test', 'From: a@example.test\rTo: b\r', 'From: a@example.test\n\r\nbody', 'Received: ;\r\nFrom: x\r\n']) {
      const { a } = await timed(s);
      expect(a.kind).toBe('analysis');
    }
  });
});

describe('property: analyzeMessage never throws and finishes in bounded time', () => {
  it('on arbitrary strings, header-like soups and bytes', async () => {
    const headerish = fc
      .array(fc.tuple(fc.constantFrom('From', 'Received', 'Authentication-Results', 'DKIM-Signature', 'ARC-Seal', 'Date', 'X'), fc.string({ maxLength: 80 })), { maxLength: 20 })
      .map((rows) => rows.map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\nbody');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), headerish, fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u))), async (input) => {
        const t0 = Date.now();
        const a = await analyzeMessage(input, { ctx: ctx() });
        expect(a.kind).toBe('analysis');
        expect(['pass', 'info', 'warn', 'fail', 'error']).toContain(a.status);
        expect(Date.now() - t0).toBeLessThan(10_000);
      }),
      { numRuns: 60 },
    );
  });
});
