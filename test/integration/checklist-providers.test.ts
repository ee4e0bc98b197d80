/**
 * The setup checklist answers "will Gmail, Yahoo and Outlook take my mail?" as its summary (issue
 * 16): the provider verdicts from its DNS steps (and the test message, when one arrived), with the
 * reply a failing requirement gets. Real dns2 server on loopback.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import { DnsCache } from '@/lib/dns/cache';
import { runChecklist } from '@/lib/checklist/run';
import { resetRateLimits } from '@/lib/api/rate-limit';
import { useTestDns } from '../support/check-context';

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

const dns = useTestDns({
  'mail._domainkey.good.test': { TXT: [`v=DKIM1; k=rsa; p=${KEY}`] },
  'good.test': { TXT: ['v=spf1 ip4:192.0.2.25 -all'], MX: [[10, 'mail.good.test']] },
  '_dmarc.good.test': { TXT: ['v=DMARC1; p=none; rua=mailto:dmarc@good.test'] },
  'mail.good.test': { A: ['192.0.2.25'] },
  '25.2.0.192.in-addr.arpa': { PTR: ['mail.good.test'] },
  'nospf.test': { MX: [[10, 'mail.good.test']] },
  '_dmarc.nospf.test': { TXT: ['v=DMARC1; p=none; rua=mailto:dmarc@nospf.test'] },
});
beforeEach(() => resetRateLimits());

const opts = () => ({ dns: { servers: parseServerList(dns().address), timeoutMs: 1000, retries: 0, cacheMaxTtlSec: 300 }, cache: new DnsCache() });

describe('checklist provider summary', () => {
  it('shows all three providers; without a test message nothing reads "pass"', async () => {
    const s = await runChecklist({ domain: 'good.test', ip: '192.0.2.25', selector: 'mail', clientId: '198.51.100.71' }, opts());
    expect(s.providers?.map((p) => p.provider)).toEqual(['gmail', 'yahoo', 'outlook']);
    const gmail = s.providers!.find((p) => p.provider === 'gmail')!;
    expect(gmail.rows.find((r) => r.requirement === 'spf')?.status).toBe('pass');
    expect(gmail.rows.find((r) => r.requirement === 'ptr')?.status).toBe('pass');
    // Alignment, TLS and the message format need a test message: unknown, never pass.
    expect(gmail.rows.filter((r) => r.status === 'fail')).toEqual([]);
    expect(gmail.verdict).toBe('unknown');
  });

  it('fails the SPF requirement with the reply Gmail gives when the server IP is not authorised', async () => {
    const s = await runChecklist({ domain: 'nospf.test', ip: '192.0.2.25', selector: 'mail', clientId: '198.51.100.72' }, opts());
    const gmail = s.providers!.find((p) => p.provider === 'gmail')!;
    expect(gmail.verdict).toBe('fail');
    const spf = gmail.rows.find((r) => r.requirement === 'spf')!;
    expect(spf.status).toBe('fail');
    expect(spf.reply).toMatch(/5\.7\.27/);
  });
});
