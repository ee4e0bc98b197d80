import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluateSelector } from '@/lib/checks/dkim/evaluate';
import type { SelectorLookup } from '@/lib/checks/dkim/lookup';
import { looksLikeDkim, parseDkimRecord } from '@/lib/checks/dkim/parse';

// The evaluate layer on its own: a lookup as the fetch layer would build it, judged without DNS.
const p2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

function lookup(texts: string[], extra: Partial<SelectorLookup> = {}): SelectorLookup {
  const txt = texts.map((text) => ({ text, strings: [text] }));
  return { selector: 's', name: 's._domainkey.x.test', dns: texts.length ? 'NOERROR' : 'NXDOMAIN', cnames: [], txt, keys: txt.filter((t) => looksLikeDkim(t.text)).map((t) => parseDkimRecord(t.text)), ...extra };
}
const judge = (texts: string[], explicit = true, extra: Partial<SelectorLookup> = {}) => evaluateSelector(lookup(texts, extra), { explicit });
const codes = (v: ReturnType<typeof judge>) => v.findings.map((f) => `${f.code}:${f.severity}`);

describe('DKIM selector evaluation', () => {
  it('passes a clean 2048-bit key with no fix', () => {
    const v = judge([`v=DKIM1; k=rsa; p=${p2048}`]);
    expect(codes(v)).toEqual(['dkim.key-ok:pass']);
    expect(v.fix).toBeUndefined();
    expect(v.data).toMatchObject({ outcome: 'found', keyType: 'rsa', bits: 2048, status: 'pass' });
  });

  it('warns about several key records at one selector', () => {
    expect(codes(judge([`v=DKIM1; p=${p2048}`, `v=DKIM1; p=${p2048}`]))).toContain('dkim.multiple-records:warn');
  });

  it('fails s= without email, h= with no known hash; warns about restrictive g=', () => {
    expect(codes(judge([`v=DKIM1; s=tlsrpt; p=${p2048}`]))).toContain('dkim.service-not-email:fail');
    expect(codes(judge([`v=DKIM1; h=md5; p=${p2048}`]))).toContain('dkim.unknown-hash:fail');
    const g = judge([`v=DKIM1; g=alice; p=${p2048}`]);
    expect(codes(g)).toEqual(['dkim.granularity:warn', 'dkim.key-ok:info']);
    expect(g.fix!.value).toBe(`v=DKIM1; k=rsa; p=${p2048}`);
    expect(codes(judge([`v=DKIM1; g=*; s=email:*; p=${p2048}`]))).toEqual(['dkim.key-ok:pass']);
  });

  it('warns about RSA keys over 4096 bits (RFC 8301 verifier range)', () => {
    const big = generateKeyPairSync('rsa', { modulusLength: 4608 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(codes(judge([`v=DKIM1; p=${big}`]))).toContain('dkim.rsa-too-long:warn');
  });

  it('probed selectors: a miss and a wildcard non-DKIM TXT are silent; a revoked key is only info', () => {
    expect(judge([], false).findings).toEqual([]);
    expect(judge(['v=spf1 -all'], false).findings).toEqual([]);
    expect(codes(judge(['v=DKIM1; p='], false))).toEqual(['dkim.revoked:info']);
  });

  it('transient DNS outcomes are errors when asked for, silent when probed', () => {
    expect(codes(judge([], true, { dns: 'SERVFAIL' }))).toEqual(['dkim.lookup-error:error']);
    expect(judge([], false, { dns: 'TIMEOUT' }).data.outcome).toBe('error');
    expect(judge([], false, { dns: 'TIMEOUT' }).findings).toEqual([]);
  });
});
