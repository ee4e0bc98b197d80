import { describe, expect, it } from 'vitest';
import { checkTlsRpt } from '@/lib/checks/tls-rpt';
import { describeFinding } from '@/lib/findings/catalog';
import { findingCodes, testCheckContext, useTestDns } from '../support/check-context';
import { policyZone } from '../fixtures/zones/policy';

const dns = useTestDns(policyZone);

const ctx = () => testCheckContext(dns().address);
const codes = findingCodes;

describe('TLS-RPT check against the test DNS server', () => {
  it('passes a valid record and lists where reports go', async () => {
    const r = await checkTlsRpt(ctx(), { domain: 'ok.pol.test' });
    expect(r.status).toBe('pass');
    expect(codes(r)).toEqual(['tls-rpt.ok']);
    expect(r.data!.record!.rua).toEqual(['mailto:tlsrpt@ok.pol.test', 'https://reports.ok.pol.test/v1/tlsrpt']);
    expect(r.records[0]!.name).toBe('_smtp._tls.ok.pol.test');
  });

  it('joins a record split into several character-strings', async () => {
    const r = await checkTlsRpt(ctx(), { domain: 'split.pol.test' });
    expect(r.status).toBe('pass');
    expect(r.data!.record!.rua).toEqual(['mailto:tls@split.pol.test']);
    expect(r.records[0]!.strings).toEqual(['v=TLSRPTv1;', 'rua=mailto:tls@split.pol.test']);
  });

  it('reports absence as info and offers the record to publish', async () => {
    const r = await checkTlsRpt(ctx(), { domain: 'absent.pol.test' });
    expect(r.status).toBe('info');
    expect(codes(r)).toEqual(['tls-rpt.absent']);
    expect(r.fix?.records).toEqual([{ name: '_smtp._tls.absent.pol.test', type: 'TXT', value: 'v=TLSRPTv1; rua=mailto:tlsrpt@absent.pol.test' }]);
  });

  it('warns about a malformed record and says what is wrong', async () => {
    const bad = await checkTlsRpt(ctx(), { domain: 'bad.pol.test' });
    expect(bad.status).toBe('warn');
    expect(codes(bad)).toEqual(['tls-rpt.malformed']);
    expect(bad.findings[0]!.detail).toContain('needs a scheme: write mailto:tlsrpt@bad.pol.test');
    const noRua = await checkTlsRpt(ctx(), { domain: 'noua.pol.test' });
    expect(noRua.status).toBe('warn');
    expect(noRua.findings[0]!.detail).toMatch(/rua=.*missing/);
  });

  it('warns when two TLS-RPT records make senders send nothing', async () => {
    const r = await checkTlsRpt(ctx(), { domain: 'two.pol.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['tls-rpt.multiple']);
  });

  it('reports a timeout as "could not test"', async () => {
    const r = await checkTlsRpt(ctx(), { domain: 'slow.pol.test' });
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['tls-rpt.lookup-error']);
  });

  it('has wording for every code it emits', async () => {
    for (const d of ['ok', 'absent', 'bad', 'two', 'slow']) {
      for (const f of (await checkTlsRpt(ctx(), { domain: `${d}.pol.test` })).findings) expect(describeFinding(f.code).why, f.code).not.toBe('');
    }
  });
});
