import { describe, expect, it } from 'vitest';
import { checkBimi } from '@/lib/checks/bimi';
import { describeFinding } from '@/lib/findings/catalog';
import { findingCodes, testCheckContext, useTestDns } from '../support/check-context';
import { policyZone } from '../fixtures/zones/policy';

const dns = useTestDns(policyZone);

const ctx = () => testCheckContext(dns().address);
const codes = findingCodes;

describe('BIMI check against the test DNS server', () => {
  it('passes a record with logo and VMC when DMARC is at enforcement', async () => {
    const r = await checkBimi(ctx(), { domain: 'brand.pol.test' });
    expect(r.status).toBe('pass');
    expect(codes(r)).toEqual(['bimi.ok']);
    expect(r.data!.record).toMatchObject({ valid: true, location: 'https://brand.pol.test/logo.svg', authority: 'https://brand.pol.test/vmc.pem' });
    expect(r.data!.dmarc).toMatchObject({ name: '_dmarc.brand.pol.test', applied: 'reject', enforced: true });
  });

  it('reports absence as info', async () => {
    const r = await checkBimi(ctx(), { domain: 'absent.pol.test' });
    expect(r.status).toBe('info');
    expect(codes(r)).toEqual(['bimi.absent']);
    expect(r.findings[0]!.detail).toMatch(/DMARC is at enforcement, so BIMI could be added/);
  });

  it('warns (never fails) when DMARC is p=none, and gives the enforcing DMARC record', async () => {
    const r = await checkBimi(ctx(), { domain: 'lax.pol.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['bimi.no-authority', 'bimi.dmarc-not-enforced']);
    expect(r.fix?.records).toEqual([{ name: '_dmarc.lax.pol.test', type: 'TXT', value: 'v=DMARC1; p=quarantine; rua=mailto:d@lax.pol.test' }]);
    expect(r.fix?.replaces).toBe('v=DMARC1; p=none; rua=mailto:d@lax.pol.test');
  });

  it('warns when DMARC applies to only part of the mail (pct<100) or is missing', async () => {
    const partial = await checkBimi(ctx(), { domain: 'partial.pol.test' });
    expect(partial.status).toBe('warn');
    expect(partial.findings.find((f) => f.code === 'bimi.dmarc-not-enforced')!.detail).toContain('pct=50');
    const none = await checkBimi(ctx(), { domain: 'nodmarc.pol.test' });
    expect(none.status).toBe('warn');
    expect(codes(none)).toContain('bimi.dmarc-missing');
  });

  it('warns about a malformed record (http logo URL)', async () => {
    const r = await checkBimi(ctx(), { domain: 'http.pol.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['bimi.malformed']);
    expect(r.findings[0]!.detail).toContain('must be an https:// URL');
  });

  it('reports a declination record as info', async () => {
    const r = await checkBimi(ctx(), { domain: 'declined.pol.test' });
    expect(r.status).toBe('info');
    expect(codes(r)).toEqual(['bimi.declined']);
  });

  it('uses the organisational domain DMARC (its sp=) for a subdomain without its own', async () => {
    const org = await checkBimi(ctx(), { domain: 'shop.test' });
    expect(org.status).toBe('pass');
    const sub = await checkBimi(ctx(), { domain: 'news.shop.test' });
    expect(sub.status).toBe('warn');
    expect(sub.data!.dmarc).toMatchObject({ name: '_dmarc.shop.test', applied: 'none', enforced: false });
    expect(sub.findings.find((f) => f.code === 'bimi.dmarc-not-enforced')!.detail).toContain('sp=none');
    expect(sub.fix?.records[0]).toEqual({ name: '_dmarc.shop.test', type: 'TXT', value: 'v=DMARC1; p=reject; sp=quarantine' });
  });

  it('has wording for every code it emits', async () => {
    for (const d of ['brand', 'absent', 'lax', 'partial', 'nodmarc', 'http', 'declined']) {
      const r = await checkBimi(ctx(), { domain: `${d}.pol.test` });
      expect(r.status).not.toBe('fail');
      for (const f of r.findings) expect(describeFinding(f.code).why, f.code).not.toBe('');
    }
  });
});
