import { describe, expect, it } from 'vitest';
import { checkMx } from '@/lib/checks/mx';
import { describeFinding } from '@/lib/findings/catalog';
import { findingCodes, testCheckContext, useTestDns } from '../support/check-context';
import { mxZone } from '../fixtures/zones/mx';

const dns = useTestDns(mxZone);

const ctx = (timeoutMs?: number) => testCheckContext(dns().address, { timeoutMs });
const codes = findingCodes;

describe('MX check against the test DNS server', () => {
  it('lists hosts in preference order with their addresses and passes a healthy domain', async () => {
    const r = await checkMx(ctx(), { domain: 'good.mx.test' });
    expect(r.status).toBe('pass');
    expect(codes(r)).toEqual(['mx.ok']);
    expect(r.data!.hosts.map((h) => [h.priority, h.exchange])).toEqual([[10, 'mx1.good.mx.test'], [10, 'mx2.good.mx.test'], [20, 'backup.good.mx.test']]);
    expect(r.data!.hosts[0]!.addresses).toEqual({ A: ['192.0.2.10'], AAAA: ['2001:db8::10'] });
    expect(r.data!.hosts[1]!.outcomes).toEqual({ A: 'NOERROR', AAAA: 'NODATA' });
    expect(r.records.map((x) => x.value)).toContain('20 backup.good.mx.test');
  });

  it('asks for every host address in parallel, once each', async () => {
    dns().clearLog();
    const c = ctx(3000);
    const t0 = Date.now();
    const r = await checkMx(c, { domain: 'latent.mx.test' });
    const took = Date.now() - t0;
    expect(r.status).toBe('pass');
    expect(r.data!.hosts.map((h) => h.addresses.A[0])).toEqual(['192.0.2.61', '192.0.2.62', '192.0.2.63']);
    expect(dns().received.filter((q) => q.name.endsWith('latent.mx.test') && (q.type === 'A' || q.type === 'AAAA'))).toHaveLength(6);
    // Six 300 ms answers one after another would take 1.8 s; in parallel they take one round.
    expect(took).toBeLessThan(1200);
  });

  it('reports a null MX on a non-sending domain as info: it accepts no mail', async () => {
    const r = await checkMx(ctx(), { domain: 'parked.mx.test' });
    expect(r.status).toBe('info');
    expect(codes(r)).toEqual(['mx.null']);
    expect(r.data!.nullMx).toBe(true);
    expect(r.data!.hosts).toEqual([]);
  });

  it('warns about a null MX when SPF says the domain sends mail', async () => {
    const r = await checkMx(ctx(), { domain: 'nullsend.mx.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['mx.null-sending']);
    expect(r.fix?.records[0]).toEqual({ name: 'nullsend.mx.test', type: 'MX', value: '10 mail.nullsend.mx.test.' });
    // The caller can say it explicitly, too.
    expect((await checkMx(ctx(), { domain: 'parked.mx.test', sending: true })).status).toBe('warn');
  });

  it('fails a null MX published next to other MX records', async () => {
    const r = await checkMx(ctx(), { domain: 'nullmixed.mx.test' });
    expect(r.status).toBe('fail');
    expect(codes(r)).toContain('mx.null-mixed');
  });

  it('warns when every MX host is IPv6-only, notes it when only one is', async () => {
    const only = await checkMx(ctx(), { domain: 'v6only.mx.test' });
    expect(only.status).toBe('warn');
    expect(codes(only)).toEqual(['mx.ok', 'mx.ipv6-only']);
    expect(only.data!.hosts[0]!.addresses).toEqual({ A: [], AAAA: ['2001:db8::25'] });
    const some = await checkMx(ctx(), { domain: 'v6some.mx.test' });
    expect(some.status).toBe('pass');
    expect(codes(some)).toEqual(['mx.ok', 'mx.host-ipv6-only']);
  });

  it('warns about an MX that points at a CNAME and suggests the canonical name', async () => {
    const r = await checkMx(ctx(), { domain: 'alias.mx.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toContain('mx.cname');
    expect(r.data!.hosts[0]!.cname).toBe('real.alias.mx.test');
    expect(r.data!.hosts[0]!.addresses.A).toEqual(['192.0.2.30']);
    expect(r.fix?.records[0]?.value).toBe('10 real.alias.mx.test.');
  });

  it('fails an MX written as an IP address and gives the records to publish instead', async () => {
    const r = await checkMx(ctx(), { domain: 'literal.mx.test' });
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mx.ip-literal']);
    expect(r.fix?.records).toEqual([
      { name: 'mail.literal.mx.test', type: 'A', value: '192.0.2.40' },
      { name: 'literal.mx.test', type: 'MX', value: '10 mail.literal.mx.test.' },
    ]);
  });

  it('fails MX hosts that have no address (NODATA and NXDOMAIN alike)', async () => {
    const r = await checkMx(ctx(), { domain: 'noaddr.mx.test' });
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mx.host-no-address', 'mx.host-no-address']);
    expect(r.data!.hosts.map((h) => h.outcomes?.A)).toEqual(['NODATA', 'NXDOMAIN']);
  });

  it('warns when there is no MX: implicit MX via the A record, or nothing at all', async () => {
    const imp = await checkMx(ctx(), { domain: 'implicit.mx.test' });
    expect(imp.status).toBe('warn');
    expect(codes(imp)).toEqual(['mx.none-implicit']);
    expect(imp.data!.implicit).toEqual({ A: ['192.0.2.50'], AAAA: [] });
    const none = await checkMx(ctx(), { domain: 'nothing.mx.test' });
    expect(none.status).toBe('warn');
    expect(codes(none)).toEqual(['mx.none']);
    expect(none.fix?.records[0]?.type).toBe('MX');
  });

  it('fails a domain that does not exist', async () => {
    const r = await checkMx(ctx(), { domain: 'missing.mx.test' });
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['mx.domain-not-found']);
  });

  it('reports a timeout as "could not test", never as fail', async () => {
    const r = await checkMx(ctx(), { domain: 'slow.mx.test' });
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['mx.lookup-error']);
    const host = await checkMx(ctx(), { domain: 'slowhost.mx.test' });
    expect(host.status).toBe('error');
    expect(codes(host)).toEqual(['mx.host-lookup-error']);
  });

  it('has wording for every finding code it emits', async () => {
    for (const d of ['good', 'parked', 'nullsend', 'nullmixed', 'v6only', 'v6some', 'alias', 'literal', 'noaddr', 'implicit', 'nothing', 'missing', 'slow']) {
      const r = await checkMx(ctx(), { domain: `${d}.mx.test` });
      for (const f of r.findings) expect(describeFinding(f.code).why, f.code).not.toBe('');
    }
  });
});
