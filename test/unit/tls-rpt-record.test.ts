import { describe, expect, it } from 'vitest';
import { evaluateTlsRpt } from '@/lib/checks/tls-rpt';
import { parseTlsRptRecord, ruaProblem, tlsRptCandidates } from '@/lib/checks/tls-rpt/record';

describe('TLS-RPT record (RFC 8460 §3)', () => {
  it.each([
    ['v=TLSRPTv1; rua=mailto:reports@example.com', ['mailto:reports@example.com']], // RFC 8460 §3.1 example
    ['v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt', ['https://reporting.example.com/v1/tlsrpt']],
    ['v=TLSRPTv1;rua=mailto:a@example.com, https://r.example.com/x;', ['mailto:a@example.com', 'https://r.example.com/x']],
    ['v=TLSRPTv1; rua=mailto:a@example.com; ext=1', ['mailto:a@example.com']],
  ])('accepts %s', (raw, rua) => {
    const r = parseTlsRptRecord(raw);
    expect(r.ok && r.record.rua).toEqual(rua);
  });

  it.each([
    ['v=TLSRPTv1', /rua=.*missing/],
    ['v=TLSRPTv1; rua=', /empty report address/],
    ['v=TLSRPTv1; rua=reports@example.com', /needs a scheme/],
    ['v=TLSRPTv1; rua=http://r.example.com/', /mailto: or https:/],
    ['v=TLSRPTv1; rua=mailto:not-an-address', /not a valid mailto/],
    ['v=tlsrptv1; rua=mailto:a@example.com', /exactly "v=TLSRPTv1"/],
    ['v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com', /more than once/],
  ])('rejects %s', (raw, why) => {
    const r = parseTlsRptRecord(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('; ')).toMatch(why);
  });

  it('keeps the valid URIs of a broken record for the fix', () => {
    const r = parseTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com,ftp://x.example.com');
    expect(!r.ok && r.validRua).toEqual(['mailto:a@example.com']);
    const verdict = evaluateTlsRpt('example.com', { outcome: 'NOERROR', strings: [['v=TLSRPTv1; rua=mailto:a@example.com,ftp://x.example.com']] });
    expect(verdict.fix?.records[0]?.value).toBe('v=TLSRPTv1; rua=mailto:a@example.com');
  });

  it('only considers records that start like TLS-RPT', () => {
    expect(tlsRptCandidates([['v=spf1 -all'], ['v=TLSRPTv1; ', 'rua=mailto:a@example.com']])).toEqual(['v=TLSRPTv1; rua=mailto:a@example.com']);
    expect(ruaProblem('mailto:tls%2Brpt@example.com')).toBeUndefined();
  });
});
