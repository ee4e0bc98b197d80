import { describe, expect, it } from 'vitest';
import { evaluateBimi } from '@/lib/checks/bimi';
import { enforcingDmarcRecord, parseBimiRecord, parseDmarcPolicy } from '@/lib/checks/bimi/record';

describe('BIMI record', () => {
  it('parses location, authority and avatar preference', () => {
    const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem; avp=brand');
    expect(r.ok && r.record).toEqual({ raw: 'v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem; avp=brand', location: 'https://example.com/logo.svg', authority: 'https://example.com/vmc.pem', avatarPreference: 'brand', declined: false });
  });

  it('treats an empty record as a declination', () => {
    const r = parseBimiRecord('v=BIMI1; l=; a=;');
    expect(r.ok && r.record.declined).toBe(true);
  });

  it.each([
    ['v=BIMI1; l=http://example.com/logo.svg', /https:\/\/ URL/],
    ['v=BIMI1; a=https://example.com/vmc.pem', /"l=" tag .* is missing/],
    ['v=BIMI2; l=https://example.com/logo.svg', /start with "v=BIMI1"/],
    ['l=https://example.com/logo.svg; v=BIMI1', /start with "v=BIMI1"/],
    ['v=BIMI1; l=https://example.com/a.svg,https://example.com/b.svg', /single https URL/],
    ['v=BIMI1; l=https://example.com/logo.svg; a=ftp://example.com/vmc.pem', /authority evidence/],
    ['v=BIMI1; l https://example.com/logo.svg', /not a tag=value/],
  ])('rejects %s', (raw, why) => {
    const r = parseBimiRecord(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('; ')).toMatch(why);
  });

  it('ignores unknown tags whatever their spelling, but not a piece without a name', () => {
    expect(parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; x-1=y').ok).toBe(true);
    const r = parseBimiRecord('v=BIMI1; =https://example.com/logo.svg');
    expect(!r.ok && r.errors).toEqual(['"=https://example.com/logo.svg" is not a tag=value pair']);
  });

  it('warns about a logo that is not SVG', () => {
    const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.png');
    expect(r.ok && r.warnings[0]).toMatch(/SVG/);
  });
});

describe('DMARC facts BIMI depends on', () => {
  it('reads p, sp and pct (pct defaults to 100)', () => {
    expect(parseDmarcPolicy('v=DMARC1; p=Reject; sp=none')).toEqual({ raw: 'v=DMARC1; p=Reject; sp=none', p: 'reject', sp: 'none', pct: 100 });
    expect(parseDmarcPolicy('v=DMARC1; p=quarantine; pct=20')?.pct).toBe(20);
    expect(parseDmarcPolicy('v=spf1 -all')).toBeUndefined();
  });

  it('raises a record to enforcement, keeping its other tags', () => {
    expect(enforcingDmarcRecord('v=DMARC1; p=none; pct=100; rua=mailto:d@example.com')).toBe('v=DMARC1; p=quarantine; rua=mailto:d@example.com');
    expect(enforcingDmarcRecord('v=DMARC1; p=quarantine; pct=25')).toBe('v=DMARC1; p=quarantine');
    expect(enforcingDmarcRecord('v=DMARC1; rua=mailto:d@example.com')).toBe('v=DMARC1; p=quarantine; rua=mailto:d@example.com');
  });

  it('never fails, whatever the record says', () => {
    for (const bimi of ['v=BIMI1; l=http://x', 'v=BIMI1; l=https://example.com/l.svg', 'garbage', '']) {
      for (const dmarc of ['', 'v=DMARC1; p=none', 'v=DMARC1; p=reject']) {
        const r = evaluateBimi({
          domain: 'example.com',
          txt: { outcome: bimi ? 'NOERROR' : 'NXDOMAIN', strings: bimi ? [[bimi]] : [] },
          dmarc: { name: '_dmarc.example.com', outcome: dmarc ? 'NOERROR' : 'NXDOMAIN', strings: dmarc ? [[dmarc]] : [], inherited: false },
        });
        expect(r.status).not.toBe('fail');
      }
    }
  });
});
