/**
 * Pure DNSBL logic: reading return codes, test-point judgement, configuration.
 * Codes come from the zone data in lib/checks/dnsbl/zones.ts (rspamd rbl.conf, SpamAssassin
 * 20_dnsbl_tests.cf / 25_uribl.cf, Mail-in-a-Box status_checks.py; /work/shared/corpora/dnsbl).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyAnswer, judgeListedTestPoint, judgeNotListedTestPoint, matchCode, readCode } from '@/lib/checks/dnsbl/classify';
import { applyZonesFile, dnsblConfigFromEnv, DnsblConfigError } from '@/lib/checks/dnsbl/config';
import { DEFAULT_ZONES } from '@/lib/checks/dnsbl/zones';
import { reverseName } from '@/lib/dns/ip';

const zone = (name: string) => DEFAULT_ZONES.find((z) => z.zone === name)!;

describe('return codes', () => {
  it('matches exact codes, ranges and wildcards octet by octet', () => {
    expect(matchCode('127.0.0.4-7', '127.0.0.6')).toBe(true);
    expect(matchCode('127.0.0.4-7', '127.0.0.8')).toBe(false);
    expect(matchCode('127.0.*.3', '127.0.15.3')).toBe(true);
    expect(matchCode('127.255.255.*', '127.255.255.1')).toBe(true);
    expect(matchCode('127.0.0.2', '127.0.0.20')).toBe(false);
  });

  it('reads every Spamhaus ZEN code the sources document', () => {
    const zen = zone('zen.spamhaus.org');
    expect(readCode(zen, '127.0.0.2').meaning).toMatch(/^SBL/);
    expect(readCode(zen, '127.0.0.3').meaning).toMatch(/^CSS/);
    expect(readCode(zen, '127.0.0.7').meaning).toMatch(/^XBL/);
    expect(readCode(zen, '127.0.0.9').meaning).toMatch(/^DROP/);
    expect(readCode(zen, '127.0.0.11').meaning).toMatch(/^PBL/);
    expect(readCode(zen, '127.255.255.252').kind).toBe('error');
    expect(readCode(zen, '127.255.255.254').kind).toBe('refused');
    expect(readCode(zen, '127.255.255.255').kind).toBe('refused');
    expect(readCode(zen, '127.255.255.100').kind).toBe('refused');
    expect(readCode(zen, '127.0.0.99').kind).toBe('error'); // Spamhaus defines every code
  });

  it('treats an unknown 127.x code as listed for lists that say "any answer"', () => {
    expect(readCode(zone('bl.blocklist.de'), '127.0.0.7')).toMatchObject({ kind: 'listed' });
  });

  it('never believes an answer outside 127.0.0.0/8 (a parked or hijacked list domain)', () => {
    expect(readCode(zone('bl.spamcop.net'), '198.51.100.80').kind).toBe('error');
  });

  it('decodes SURBL and URIBL bitmasks, with the "blocked" bit as a refusal', () => {
    const uribl = zone('multi.uribl.com');
    expect(readCode(uribl, '127.0.0.2')).toMatchObject({ kind: 'listed', meaning: expect.stringMatching(/^Black/) });
    expect(readCode(uribl, '127.0.0.14').meaning).toMatch(/Black.*Grey.*Red/);
    expect(readCode(uribl, '127.0.0.1').kind).toBe('refused');
    const surbl = zone('multi.surbl.org');
    expect(readCode(surbl, '127.0.0.24').meaning).toMatch(/PH: phishing.*MW: malware/);
    expect(readCode(surbl, '127.0.0.1').kind).toBe('refused');
  });

  it('reads dnswl.org trust levels as allowlisting and 127.0.0.255 as a refusal', () => {
    const dnswl = zone('list.dnswl.org');
    expect(readCode(dnswl, '127.0.15.2')).toMatchObject({ kind: 'good', meaning: expect.stringMatching(/medium/) });
    expect(readCode(dnswl, '127.0.0.255').kind).toBe('refused');
  });
});

describe('classifying an answer', () => {
  const zen = zone('zen.spamhaus.org');
  it('NXDOMAIN is clean, a listing code is listed, a deadline is a timeout', () => {
    expect(classifyAnswer(zen, { outcome: 'NXDOMAIN', addresses: [] }).status).toBe('clean');
    expect(classifyAnswer(zen, { outcome: 'NOERROR', addresses: ['127.0.0.10'] })).toMatchObject({ status: 'listed', listed: true, effect: 'block' });
    expect(classifyAnswer(zen, { outcome: 'DEADLINE', addresses: [] }).status).toBe('timeout');
    expect(classifyAnswer(zen, { outcome: 'TIMEOUT', addresses: [] }).status).toBe('timeout');
    expect(classifyAnswer(zen, { outcome: 'SERVFAIL', addresses: [], message: 'x' }).status).toBe('error');
    expect(classifyAnswer(zen, { outcome: 'REFUSED', addresses: [] }).status).toBe('refused');
  });

  it('a refusal wins over listing codes in the same answer', () => {
    const c = classifyAnswer(zen, { outcome: 'NOERROR', addresses: ['127.0.0.2', '127.255.255.254'] });
    expect(c).toMatchObject({ status: 'refused', listed: false });
    expect(c.meaning).toMatch(/DQS/);
  });

  it('an allowlist listing helps and a karma "yellow" is neutral', () => {
    expect(classifyAnswer(zone('list.dnswl.org'), { outcome: 'NOERROR', addresses: ['127.0.5.1'] }).effect).toBe('allow');
    expect(classifyAnswer(zone('hostkarma.junkemailfilter.com'), { outcome: 'NOERROR', addresses: ['127.0.0.3'] }).effect).toBe('neutral');
  });
});

describe('RFC 5782 §5 test points', () => {
  const spamcop = zone('bl.spamcop.net');
  it('a list answering for 127.0.0.1 is bad; NXDOMAIN is ok; a refusal proves nothing', () => {
    expect(judgeNotListedTestPoint(spamcop, 'x', { outcome: 'NOERROR', addresses: ['127.0.0.2'] }).verdict).toBe('bad');
    expect(judgeNotListedTestPoint(spamcop, 'x', { outcome: 'NXDOMAIN', addresses: [] }).verdict).toBe('ok');
    expect(judgeNotListedTestPoint(zone('zen.spamhaus.org'), 'x', { outcome: 'NOERROR', addresses: ['127.255.255.254'] }).verdict).toBe('unknown');
    expect(judgeNotListedTestPoint(spamcop, 'x', { outcome: 'NOERROR', addresses: ['198.51.100.80'] }).verdict).toBe('bad');
  });

  it("hostkarma's white code for 127.0.0.1 is not a listing", () => {
    expect(judgeNotListedTestPoint(zone('hostkarma.junkemailfilter.com'), 'x', { outcome: 'NOERROR', addresses: ['127.0.0.1'] }).verdict).toBe('ok');
  });

  it('a list that does not list 127.0.0.2 fails its positive test point', () => {
    expect(judgeListedTestPoint('x', { outcome: 'NXDOMAIN', addresses: [] }).verdict).toBe('bad');
    expect(judgeListedTestPoint('x', { outcome: 'NOERROR', addresses: ['127.0.0.2'] }).verdict).toBe('ok');
  });

  it('builds the test-point names RFC 5782 gives', () => {
    expect(reverseName('127.0.0.1', 'bl.spamcop.net')).toBe('1.0.0.127.bl.spamcop.net');
    expect(reverseName('::ffff:7f00:2', 'zen.spamhaus.org')).toBe('2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.zen.spamhaus.org');
  });
});

describe('default zone list', () => {
  it('does not ship SORBS (shut down June 2024) or NiX Spam (discontinued 2025)', () => {
    expect(DEFAULT_ZONES.some((z) => z.zone.includes('sorbs'))).toBe(false);
    expect(DEFAULT_ZONES.some((z) => z.zone.includes('manitu'))).toBe(false);
  });

  it('describes every zone: operator, meaning, delisting link, families and sources', () => {
    for (const z of DEFAULT_ZONES) {
      expect(z.operator, z.zone).toBeTruthy();
      expect(z.listingMeans.length, z.zone).toBeGreaterThan(20);
      expect(z.delist, z.zone).toMatch(/^https?:\/\//);
      expect(z.sources.length, z.zone).toBeGreaterThan(0);
      if (z.target === 'ip') expect(z.ipv4 || z.ipv6, z.zone).toBe(true);
    }
    expect(new Set(DEFAULT_ZONES.map((z) => z.zone)).size).toBe(DEFAULT_ZONES.length);
  });
});

describe('configuration without code changes', () => {
  it('adds, replaces and removes zones from a zones file', () => {
    const out = applyZonesFile(DEFAULT_ZONES, { zones: [{ zone: 'bl.example.org', codes: [{ code: '127.0.0.2', kind: 'listed', meaning: 'x' }] }, { zone: 'bl.spamcop.net', name: 'Mine' }], remove: ['psbl.surriel.com'] });
    expect(out.find((z) => z.zone === 'bl.example.org')).toMatchObject({ target: 'ip', ipv4: true, list: 'block' });
    expect(out.find((z) => z.zone === 'bl.spamcop.net')!.name).toBe('Mine');
    expect(out.some((z) => z.zone === 'psbl.surriel.com')).toBe(false);
    expect(applyZonesFile(DEFAULT_ZONES, { replace: true, zones: [{ zone: 'only.example.org' }] }).map((z) => z.zone)).toEqual(['only.example.org']);
  });

  it('rejects a bad zones file with the path of the mistake', () => {
    expect(() => applyZonesFile([], [{ zone: 'not a zone' }])).toThrow(/0\.zone/);
    expect(() => applyZonesFile([], [{ zone: 'bl.example.org', codes: [{ code: '127.0.0', kind: 'listed', meaning: '' }] }])).toThrow(DnsblConfigError);
  });

  it('reads MXRAY_DNSBL_* and MXRAY_SPAMHAUS_DQS_KEY', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mxray-dnsbl-'));
    const file = path.join(dir, 'zones.json');
    writeFileSync(file, JSON.stringify([{ zone: 'bl.example.org' }]));
    const c = dnsblConfigFromEnv({ MXRAY_DNSBL_ZONES_FILE: file, MXRAY_DNSBL_DISABLE: 'bl.spamcop.net, psbl.surriel.com', MXRAY_DNSBL_ENABLE: 'ips.backscatterer.org', MXRAY_SPAMHAUS_DQS_KEY: 'abcdefghijklmnopqrstuvwxyz', MXRAY_DNSBL_TIMEOUT_MS: '1500' });
    const names = c.zones.map((z) => z.zone);
    expect(names).toContain('bl.example.org');
    expect(names).toContain('ips.backscatterer.org');
    expect(names).not.toContain('bl.spamcop.net');
    expect(names).not.toContain('bl.score.senderscore.com'); // off by default
    expect(names).toContain('abcdefghijklmnopqrstuvwxyz.zen.dq.spamhaus.net');
    expect(names).toContain('abcdefghijklmnopqrstuvwxyz.dbl.dq.spamhaus.net');
    expect(c.deadlineMs).toBe(1500);
  });

  it('refuses a DQS key that would change the queried zone, and a silly deadline', () => {
    expect(() => dnsblConfigFromEnv({ MXRAY_SPAMHAUS_DQS_KEY: 'evil.example.com' })).toThrow(/letters and digits/);
    expect(() => dnsblConfigFromEnv({ MXRAY_DNSBL_TIMEOUT_MS: 'soon' })).toThrow(/between 50 and 30000/);
    expect(() => dnsblConfigFromEnv({ MXRAY_DNSBL_ZONES_FILE: '/nonexistent/zones.json' })).toThrow(/cannot read/);
  });
});
