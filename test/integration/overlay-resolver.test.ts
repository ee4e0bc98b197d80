import { describe, expect, it } from 'vitest';
import { OverlayResolver } from '@/lib/dns/overlay';
import { testCheckContext, useTestDns } from '../support/check-context';

const dns = useTestDns({
  'ov.test': { TXT: ['v=spf1 -all', 'google-site-verification=abc'], A: ['192.0.2.1'] },
});

describe('the what-if overlay resolver', () => {
  it('answers a suggested TXT record in place of the one with the same v= tag, keeping the others', async () => {
    const base = testCheckContext(dns().address).dns;
    const o = new OverlayResolver(base, [{ name: 'ov.test.', type: 'TXT', value: 'v=spf1 ip4:192.0.2.1 ~all' }, { name: '_dmarc.ov.test', type: 'TXT', value: 'v=DMARC1; p=none' }]);
    const txt = await o.query('OV.test', 'TXT');
    expect(txt.records.map((r) => (r.data as string[]).join(''))).toEqual(['google-site-verification=abc', 'v=spf1 ip4:192.0.2.1 ~all']);
    // A name that does not exist yet gets the record; everything else is the real answer.
    expect((await o.query('_dmarc.ov.test', 'TXT')).outcome).toBe('NOERROR');
    expect((await o.query('ov.test', 'A')).records.map((r) => r.data)).toEqual(['192.0.2.1']);
    expect((await o.query('nothing.ov.test', 'A')).outcome).toBe('NXDOMAIN');
    // The real zone is untouched, and nothing from the overlay may be reused as real.
    expect((await base.query('_dmarc.ov.test', 'TXT')).outcome).toBe('NXDOMAIN');
    expect(o.reusableCache).toBeUndefined();
  });

  it('answers PTR and MX as a hosting panel and a zone would', async () => {
    const base = testCheckContext(dns().address).dns;
    const o = new OverlayResolver(base, [{ name: '7.2.0.192.in-addr.arpa', type: 'PTR', value: 'mail.ov.test.' }, { name: 'ov.test', type: 'MX', value: '10 mail.ov.test.' }]);
    expect((await o.query('7.2.0.192.in-addr.arpa', 'PTR')).records[0]!.data).toBe('mail.ov.test');
    expect((await o.mailauth('ov.test', 'MX'))).toEqual([{ priority: 10, exchange: 'mail.ov.test' }]);
  });
});
