/**
 * Content checks (lib/content) against real parts: a real dns2 server with a test domain blocklist
 * entry, and Debian's SpamAssassin run as spamd by mxray when it is installed (.ci/run installs
 * it). A part of the file runs with SpamAssassin switched off and with no spamd on PATH.
 * Corpora: ../shared/corpora/headers-real and dkim (origins in each SOURCES.md).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import { runContentChecks, type ContentReport } from '@/lib/content';
import { Spamd, UNAVAILABLE, findSpamd, parseReport, spamdSettingsFromEnv } from '@/lib/content/spamassassin';
import { createCheckContext } from '@/lib/report/context';
import { scoreMessage } from '@/lib/report/scoring';
import { useTestDns } from '../support/check-context';
import { CONTENT_FIXTURES } from '../support/content-fixtures';
import { corpus } from '../support/corpora';

const dns = useTestDns({ 'badlink.test.dbl.spamhaus.org': { A: ['127.0.1.2'] } });
const ctx = () => createCheckContext({ dns: { servers: parseServerList(dns().address), timeoutMs: 2000, retries: 0, cacheMaxTtlSec: 0 }, cache: null });
const codes = (r: ContentReport) => r.findings.map((f) => f.code);
const run = (raw: string, spamd?: Spamd) => runContentChecks(Buffer.from(raw), { ctx: ctx(), spamd });

describe("mxray's own content findings", () => {
  it('finds nothing in a clean multipart message', async () => {
    const r = await run(CONTENT_FIXTURES.clean);
    expect(codes(r)).toEqual(['content.ok']);
    expect(r.links).toEqual([{ domain: 'shop.test', count: 1, aligned: true, shortener: false }]);
  });

  it.each([
    ['htmlOnly', ['content.html-only']],
    ['partsDiffer', ['content.parts-differ']],
    ['shortener', ['content.url-shortener']],
    ['imageOnly', ['content.html-only', 'content.image-only']],
    ['badHeaders', ['content.message-id-malformed', 'content.date-malformed']],
    ['bulkNoUnsubscribe', ['content.bulk-no-list-unsubscribe']],
  ] as const)('%s → %j', async (name, expected) => {
    const r = await run(CONTENT_FIXTURES[name]);
    expect(codes(r).filter((c) => c !== 'content.links-unaligned')).toEqual(expected);
  });

  it('looks link domains up on the domain blocklists through the DNSBL layer', async () => {
    const r = await run(CONTENT_FIXTURES.listedLink);
    const listed = r.findings.find((f) => f.code === 'content.link-listed');
    expect(listed?.detail).toMatch(/badlink\.test is on a domain blocklist: .*dbl\.spamhaus\.org/);
    expect(r.findings.find((f) => f.code === 'content.links-unaligned')?.detail).toMatch(/badlink\.test/);
    expect(r.links.find((l) => l.domain === 'badlink.test')).toMatchObject({ aligned: false, listed: [expect.stringMatching(/dbl\.spamhaus\.org/)] });
  });

  it('content findings cost points in the message score', async () => {
    const r = await run(CONTENT_FIXTURES.listedLink);
    const s = scoreMessage({ kind: 'analysis', status: 'pass', receiver: { dkim: [] }, verified: { dkim: [] }, hops: [], findings: [], takenAt: '' }, r.findings);
    expect(s.lines.map((l) => [l.code, l.points])).toEqual([['content.link-listed', 3]]);
  });

  it('reads a garbage body as a finding, not a crash', async () => {
    const r = await run('From: a@b.test\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n');
    expect(r.state).toBe('done');
  });
});

describe('without SpamAssassin', () => {
  it('MXRAY_SPAMASSASSIN=off: content checks still run, SpamAssassin reads "switched off"', async () => {
    const settings = spamdSettingsFromEnv({ MXRAY_SPAMASSASSIN: 'off' });
    const spamd = new Spamd(findSpamd(settings.mode), settings);
    const r = await run(CONTENT_FIXTURES.htmlOnly, spamd);
    expect(r.spamassassin).toEqual({ state: 'unavailable', reason: expect.stringMatching(/switched off \(MXRAY_SPAMASSASSIN=off\)/) });
    expect(codes(r)).toContain('content.html-only');
  });

  it('no spamd on PATH: "content checks unavailable: install spamassassin"', async () => {
    expect(findSpamd('auto', '/nonexistent:/also/not')).toBeUndefined();
    const spamd = new Spamd(findSpamd('auto', '/nonexistent'), spamdSettingsFromEnv({}));
    const r = await run(CONTENT_FIXTURES.clean, spamd);
    expect(r.spamassassin).toEqual({ state: 'unavailable', reason: UNAVAILABLE });
    expect(UNAVAILABLE).toMatch(/^Content checks unavailable: install spamassassin/);
  });

  it('parses the rules table of a spamd REPORT, wrapped descriptions joined', () => {
    const body = ['Content analysis details:   (4.3 points, 5.0 required)', '', ' pts rule name              description', '---- ---------------------- --------------------------------------------------', ' 2.7 MISSING_DATE           Missing Date: header', '-0.0 NO_RELAYS              Informational: message was not relayed via', '                            SMTP', ' 1.0 SHORT_SHORTNER         Short body with little more than a link to a', '                            shortener', ''].join('\n');
    expect(parseReport(body)).toEqual([
      { points: 2.7, name: 'MISSING_DATE', description: 'Missing Date: header' },
      { points: -0, name: 'NO_RELAYS', description: 'Informational: message was not relayed via SMTP' },
      { points: 1, name: 'SHORT_SHORTNER', description: 'Short body with little more than a link to a shortener' },
    ]);
  });
});

const spamdProgram = findSpamd('auto');
describe.skipIf(!spamdProgram)('with SpamAssassin (spamd started by mxray, local tests only)', () => {
  const spamd = new Spamd(spamdProgram, { mode: 'auto', timeoutMs: 60_000 });
  afterAll(() => spamd.stop());

  it('reports the score and each rule with its description and points', async () => {
    const r = await run(CONTENT_FIXTURES.shortener.replace(/Date: [^\r]*\r\n/, ''), spamd);
    expect(r.spamassassin.state).toBe('scanned');
    if (r.spamassassin.state !== 'scanned') return;
    expect(r.spamassassin.required).toBe(5);
    const date = r.spamassassin.rules.find((x) => x.name === 'MISSING_DATE');
    expect(date).toMatchObject({ description: 'Missing Date: header' });
    expect(date!.points).toBeGreaterThan(0);
    // The score is the sum of the rules' points (as spamd rounds them).
    const sum = r.spamassassin.rules.reduce((n, x) => n + x.points, 0);
    expect(Math.abs(sum - r.spamassassin.score)).toBeLessThan(0.2);
    // Network rules are off: no DNS-based rule fired.
    expect(r.spamassassin.rules.filter((x) => /^(RCVD_IN_|URIBL_|DKIM_VALID|SPF_)/.test(x.name))).toEqual([]);
  }, 90_000);

  it('time per message over the corpus and the fixtures (median and worst)', async () => {
    const dirs = [corpus('headers-real', 'blaze'), corpus('headers-real', 'rspamd'), corpus('headers-real', 'mailauth'), corpus('dkim', 'go-msgauth'), corpus('dkim', 'mailauth-bodyhash'), corpus('dkim', 'rfc8463-appendix-a')];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.(eml|mail)$/.test(f)).map((f) => path.join(d, f))).filter((f) => statSync(f).isFile());
    const messages = [...files.map((f) => readFileSync(f, 'utf8')), ...Object.values(CONTENT_FIXTURES)];
    await run(CONTENT_FIXTURES.clean, spamd); // warm: spamd's children load the rules on first use
    const ms: number[] = [];
    for (const m of messages) {
      const t = Date.now();
      const r = await run(m, spamd);
      ms.push(Date.now() - t);
      expect(r.spamassassin.state, r.spamassassin.state === 'scanned' ? '' : r.spamassassin.reason).toBe('scanned');
    }
    ms.sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)]!;
    console.log(`content checks with SpamAssassin: ${messages.length} messages (${files.length} corpus + ${messages.length - files.length} fixtures), median ${median} ms, worst ${ms[ms.length - 1]} ms`);
    expect(messages.length).toBeGreaterThan(30);
    // Headroom for a loaded 2-core machine; measured figures are printed above.
    expect(median).toBeLessThan(5000);
  }, 300_000);
});
