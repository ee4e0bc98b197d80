import { describe, expect, it } from 'vitest';
import { receiptHop, withReceiptDns } from '@/lib/message/receipt';
import type { MessageAnalysis, Receipt } from '@/lib/message/types';

const receipt = (ip: string): Receipt => ({ ip, helo: 'mail.example.org', tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' }, mailFrom: 'b@example.org', rcptTo: ['t-…@mxray.test'], size: 900, dialogue: [], receivedAt: '2026-12-03T10:00:05.000Z', by: 'mxray.test' });
const analysis = (ip: string): MessageAnalysis => ({
  kind: 'analysis',
  status: 'pass',
  receiver: { dkim: [], authservId: 'mxray', spf: { result: 'pass' } },
  verified: { dkim: [], spf: { result: 'pass' } },
  hops: [receiptHop(receipt(ip))],
  findings: [],
  takenAt: '2026-12-03T10:00:05.000Z',
  receipt: receipt(ip),
});
const listed = { status: 'fail' as const, listed: ['zen.spamhaus.org'], checked: 16, summary: 'listed' };
const rdns = { names: ['1-2-3-4.dyn.example.net'], confirmed: false, heloMatches: false, status: 'fail' as const, summary: 'PTR 1-2-3-4.dyn.example.net does not resolve back to the IP.' };

describe('the receipt\'s DNS lines in the analysis', () => {
  it('a public sender on a blocklist and without FCrDNS: failures, and the headline says so', () => {
    const a = withReceiptDns(analysis('81.2.69.160'), { dnsbl: listed, rdns });
    expect(a.findings.map((f) => [f.code, f.severity])).toEqual([['message.receipt-rdns', 'fail'], ['message.receipt-dnsbl', 'fail']]);
    expect(a.status).toBe('fail');
    expect(a.headline?.status).toBe('fail');
    expect(a.hops[0]!.rdns).toBe('1-2-3-4.dyn.example.net');
  });
  it('a loopback or private sender is shown, not judged', () => {
    const a = withReceiptDns(analysis('10.0.0.5'), { dnsbl: listed, rdns });
    expect(a.findings.every((f) => f.severity === 'info')).toBe(true);
    expect(a.status).toBe('pass');
  });
  it('mxray\'s hop carries the delay since the previous hop and the negotiated TLS', () => {
    expect(receiptHop(receipt('198.51.100.7'), '2026-12-03T10:00:00.000Z')).toMatchObject({ delaySeconds: 5, tls: 'TLSv1.3 TLS_AES_256_GCM_SHA384', with: 'ESMTPS', boundary: true });
  });
});
