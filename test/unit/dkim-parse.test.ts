import fs from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspectKey } from '@/lib/checks/dkim/key';
import { looksLikeDkim, parseDkimRecord } from '@/lib/checks/dkim/parse';
import { parseTagList } from '@/lib/checks/dkim/tag-list';
import { joinTxt, splitTxt } from '@/lib/dns/txt';
import { correctedRecord } from '@/lib/checks/dkim/fix';
import { corpus } from '../support/corpora';

/**
 * Key records from the shared corpus (see /work/shared/corpora/dkim/SOURCES.md):
 * - rfc8463-appendix-a/dns.json: RFC 8463 A.2 records (mailauth test fixture, MIT), RSA split in 4 strings
 * - go-msgauth/dns.json: emersion/go-msgauth query_test.go keys (MIT), incl. a bare PKCS#1 key
 * - dkimpy/*.txt and dns.json: kitterma/dkimpy-mirror test data (Zlib-style licence)
 */
const CORPUS = corpus('dkim');
type DnsJson = Record<string, { TXT?: string[][] }>;
const dnsJson = (p: string) => JSON.parse(fs.readFileSync(`${CORPUS}/${p}`, 'utf8')) as DnsJson;
const dkimpy = (f: string) => fs.readFileSync(`${CORPUS}/dkimpy/${f}`, 'utf8').trim();

describe('DKIM key records from public test suites', () => {
  it('reads the RFC 8463 Ed25519 key as 32 raw bytes and the split RSA record as 1024 bits', () => {
    const d = dnsJson('rfc8463-appendix-a/dns.json');
    const ed = parseDkimRecord(joinTxt(d['brisbane._domainkey.football.example.com']!.TXT![0]!));
    expect(ed.problems).toEqual([]);
    expect(ed.key).toMatchObject({ ok: true, keyType: 'ed25519', bits: 256, encoding: 'raw' });
    const split = d['test._domainkey.football.example.com']!.TXT![0]!;
    expect(split).toHaveLength(4);
    const rsa = parseDkimRecord(joinTxt(split));
    expect(rsa.key).toMatchObject({ ok: true, keyType: 'rsa', bits: 1024, encoding: 'spki' });
  });

  it('accepts go-msgauth\'s bare PKCS#1 key (newengland) and a record without v= or k=', () => {
    const d = dnsJson('go-msgauth/dns.json');
    const ne = parseDkimRecord(joinTxt(d['newengland._domainkey.example.com']!.TXT![0]!));
    expect(ne.key).toMatchObject({ ok: true, keyType: 'rsa', bits: 1024, encoding: 'pkcs1' });
    const plain = parseDkimRecord(dkimpy('test2.txt')); // "v=DKIM1; g=*; p=..." (no k=)
    expect(plain.record!.keyType).toBe('rsa');
    expect(plain.problems).toEqual([]);
  });

  it('measures every key in dkimpy\'s dns.json (the canonical.com key is 512 bits)', () => {
    const d = dnsJson('dkimpy/dns.json');
    const bits = Object.fromEntries(Object.entries(d).map(([name, v]) => {
      const p = parseDkimRecord(joinTxt(v.TXT![0]!));
      return [name, p.key?.ok ? `${p.key.keyType}-${p.key.bits}` : 'bad'];
    }));
    expect(bits).toEqual({
      'test._domainkey.example.com': 'rsa-1024',
      '20120113._domainkey.gmail.com': 'rsa-2048',
      'sed._domainkey.test.ex': 'ed25519-256',
      'brisbane._domainkey.football.example.com': 'ed25519-256',
      'test._domainkey.football.example.com': 'rsa-1024',
      'test._domainkey.example.net': 'ed25519-256',
      'example._domainkey.canonical.com': 'rsa-512',
    });
  });

  it('dkimpy badversion.txt: "v=DKIM1: g=*" is a wrong version, not DKIM1', () => {
    const p = parseDkimRecord(dkimpy('badversion.txt'));
    expect(p.problems.map((x) => x.code)).toEqual(['dkim.bad-version']);
  });

  it('dkimpy badk.txt: k=ed25519-sha256 is an unknown key type (not decoded)', () => {
    const p = parseDkimRecord(dkimpy('badk.txt'));
    expect(p.record!.keyType).toBe('ed25519-sha256');
    expect(p.key).toBeNull();
  });

  it('dkimpy test_bad.txt: valid base64, but the DER is cut short', () => {
    const p = parseDkimRecord(dkimpy('test_bad.txt'));
    expect(p.problems.map((x) => x.code)).toEqual(['dkim.key-invalid']);
  });
});

describe('DKIM record parser', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p2048 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  it('removes folding whitespace inside p= (RFC 6376 §3.6.1 base64string)', () => {
    const folded = `v=DKIM1; k=rsa; p=${p2048.slice(0, 100)} \t ${p2048.slice(100, 200)}\r\n ${p2048.slice(200)}`;
    expect(parseDkimRecord(folded).key).toMatchObject({ ok: true, bits: 2048 });
  });

  it('reads tags, flags, hashes and services', () => {
    const p = parseDkimRecord(`v=DKIM1; k=rsa; h=sha1:sha256; s=email; t=y:s; n=note here; p=${p2048}`);
    expect(p.record).toMatchObject({ version: 'DKIM1', keyType: 'rsa', hashes: ['sha1', 'sha256'], services: ['email'], flags: ['y', 's'], notes: 'note here' });
  });

  it('rejects v= that is not first, a duplicated tag, and a record with no p=', () => {
    expect(parseDkimRecord(`k=rsa; v=DKIM1; p=${p2048}`).problems.map((x) => x.code)).toEqual(['dkim.bad-version']);
    expect(parseDkimRecord(`v=DKIM1; p=${p2048}; p=${p2048}`).problems.map((x) => x.code)).toEqual(['dkim.syntax']);
    expect(parseDkimRecord('v=DKIM1; k=rsa').problems.map((x) => x.code)).toEqual(['dkim.no-key']);
    expect(parseDkimRecord(`v=DKIM1; P=${p2048}`).problems[0]!.detail).toMatch(/case-sensitive/);
  });

  it('an empty p= is a revoked key, not a malformed one', () => {
    const p = parseDkimRecord('v=DKIM1; k=rsa; p=');
    expect(p.problems).toEqual([]);
    expect(p.record!.publicKey).toBe('');
  });

  it('flags non-base64 and mis-padded keys', () => {
    expect(inspectKey('rsa', 'MIIB*AAA')).toMatchObject({ ok: false, problem: 'not-base64' });
    expect(inspectKey('rsa', p2048.slice(0, -3))).toMatchObject({ ok: false, problem: 'not-base64' });
    expect(inspectKey('rsa', 'AA==AA==')).toMatchObject({ ok: false, problem: 'not-base64' });
  });

  it('refuses an RSA key under k=ed25519 and an Ed25519 SPKI under k=rsa', () => {
    expect(inspectKey('ed25519', p2048)).toMatchObject({ ok: false, problem: 'invalid-key' });
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(inspectKey('rsa', ed)).toMatchObject({ ok: false, problem: 'type-mismatch' });
  });

  it('tells DKIM records from other TXT at the selector', () => {
    expect(looksLikeDkim('v=spf1 -all')).toBe(false);
    expect(looksLikeDkim('v=DMARC1; p=none')).toBe(false);
    expect(looksLikeDkim('google-site-verification=abc')).toBe(false);
    expect(looksLikeDkim('k=rsa; p=MIGf')).toBe(true);
    expect(looksLikeDkim('v=DKIM2; p=x')).toBe(true); // a DKIM record, with a version we report as wrong
  });

  it('builds the corrected record: v first, t=y and sha1 gone, key kept', () => {
    const r = parseDkimRecord(`k=rsa; t=y:s; h=sha1; g=foo; p=${p2048}`).record!;
    expect(correctedRecord(r)).toBe(`v=DKIM1; k=rsa; h=sha256; t=s; p=${p2048}`);
  });
});

describe('tag-list and TXT strings', () => {
  it('tolerates whitespace and empty specs, reports tags without "="', () => {
    const t = parseTagList(' v = DKIM1 ;; p= abc ; junk ;');
    expect(t.tags).toEqual([{ name: 'v', value: 'DKIM1' }, { name: 'p', value: 'abc' }]);
    expect(t.problems).toEqual([{ kind: 'no-equals', text: 'junk' }]);
  });

  it('checks tag names against the grammar unless any non-empty name is allowed (BIMI)', () => {
    expect(parseTagList('v=1; 9x=a; =b').problems).toEqual([{ kind: 'bad-name', text: '9x=a' }, { kind: 'bad-name', text: '=b' }]);
    const any = parseTagList('V=1; 9x=a; =b', { anyName: true, caseInsensitiveNames: true });
    expect(any.tags).toEqual([{ name: 'v', value: '1' }, { name: '9x', value: 'a' }]);
    expect(any.problems).toEqual([{ kind: 'bad-name', text: '=b' }]);
  });

  it('splits long values into ≤255-byte strings that join back exactly', () => {
    const v = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(700);
    const parts = splitTxt(v);
    expect(parts.map((s) => s.length)).toEqual([255, 255, 208]);
    expect(joinTxt(parts)).toBe(v);
    expect(splitTxt('short')).toEqual(['short']);
    const utf = 'é'.repeat(200); // 400 bytes: no split may cut a 2-byte sequence
    expect(splitTxt(utf).every((s) => Buffer.byteLength(s) <= 255 && !s.includes('\uFFFD'))).toBe(true);
    expect(joinTxt(splitTxt(utf))).toBe(utf);
  });
});
