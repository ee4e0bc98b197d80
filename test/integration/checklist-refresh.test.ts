/**
 * The live checklist re-checks failing DNS steps with fresh answers on each refresh: a DKIM or DMARC
 * record published while the page is open turns its step green on the next poll, although the
 * shared DNS cache still holds "no such record" (real dns2 server, real cache). The fresh lookups
 * come out of the client's check budget.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import { DnsCache } from '@/lib/dns/cache';
import { runChecklist } from '@/lib/checklist/run';
import { resetRateLimits } from '@/lib/api/rate-limit';
import { useTestDns } from '../support/check-context';

const dns = useTestDns({
  'fresh.test': { TXT: ['v=spf1 ip4:192.0.2.25 -all'], MX: [[10, 'mail.fresh.test']] },
  'mail.fresh.test': { A: ['192.0.2.25'] },
});
beforeEach(() => resetRateLimits());

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

function opts(cache: DnsCache) {
  return { dns: { servers: parseServerList(dns().address), timeoutMs: 1000, retries: 0, cacheMaxTtlSec: 300 }, cache };
}
const state = (s: Awaited<ReturnType<typeof runChecklist>>, id: string) => s.items.find((i) => i.id === id)?.state;

describe('checklist refresh', () => {
  it('turns DKIM and DMARC green on the next ordinary refresh after the records are published', async () => {
    const cache = new DnsCache();
    const req = { domain: 'fresh.test', selector: 'mail', clientId: '198.51.100.61' };
    const before = await runChecklist(req, opts(cache));
    expect(state(before, 'dkim')).toBe('todo');
    expect(state(before, 'dmarc')).toBe('todo');
    // The cache now holds the negative answers.
    expect(cache.get('mail._domainkey.fresh.test|TXT')?.outcome).toBe('NXDOMAIN');

    dns().set('mail._domainkey.fresh.test', { TXT: [`v=DKIM1; k=rsa; p=${KEY}`] });
    dns().set('_dmarc.fresh.test', { TXT: ['v=DMARC1; p=none; rua=mailto:dmarc@fresh.test'] });
    const after = await runChecklist(req, opts(cache));
    expect(state(after, 'dkim')).toBe('done');
    expect(state(after, 'dmarc')).toBe('warn'); // p=none: present, with a warning
    // The fresh answers replaced the cached ones, for everyone.
    expect(cache.get('_dmarc.fresh.test|TXT')?.outcome).toBe('NOERROR');
  });

  it('stops asking fresh when the client\'s check budget is spent, and shows the cached answers', async () => {
    const cache = new DnsCache();
    const req = { domain: 'fresh.test', selector: 'other', clientId: '198.51.100.62' };
    await runChecklist(req, opts(cache));
    // Spend the budget (20 checks a minute at scale 1).
    const { takeRequest } = await import('@/lib/api/rate-limit');
    while ((await takeRequest('check', req.clientId)).ok);
    dns().set('other._domainkey.fresh.test', { TXT: [`v=DKIM1; k=rsa; p=${KEY}`] });
    expect(state(await runChecklist(req, opts(cache)), 'dkim')).toBe('todo');
  });
});
