import { describe, expect, it } from 'vitest';
import { checkFcrdns } from '@/lib/checks/fcrdns';
import { describeFinding } from '@/lib/findings/catalog';
import { findingCodes, testCheckContext, useTestDns } from '../support/check-context';
import { fcrdnsZone } from '../fixtures/zones/fcrdns';

const dns = useTestDns(fcrdnsZone);

const ctx = () => testCheckContext(dns().address);
const codes = findingCodes;

describe('FCrDNS check against the test DNS server', () => {
  it('passes an IPv4 address whose PTR resolves back to it', async () => {
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.25', domain: 'fc.test', heloName: 'mail.fc.test' });
    expect(r.status).toBe('pass');
    expect(codes(r)).toEqual(['fcrdns.ok']);
    expect(r.data).toMatchObject({ ip: '192.0.2.25', ptrNames: ['mail.fc.test'], confirmed: true, generic: false });
    expect(r.data!.forward).toEqual([{ name: 'mail.fc.test', outcome: 'NOERROR', addresses: ['192.0.2.25'], matches: true }]);
    expect(r.records).toEqual([{ name: '25.2.0.192.in-addr.arpa', type: 'PTR', value: 'mail.fc.test' }]);
  });

  it('passes an IPv6 address (nibble PTR, AAAA compared in canonical form)', async () => {
    const r = await checkFcrdns(ctx(), { ip: '2001:DB8:0::25', domain: 'fc.test' });
    expect(r.status).toBe('pass');
    expect(r.data!.ip).toBe('2001:db8::25');
    expect(r.data!.confirmed).toBe(true);
    expect(r.records[0]!.name).toMatch(/^5\.2\.0\.0(\.0){20}\.8\.b\.d\.0\.1\.0\.0\.2\.ip6\.arpa$/);
  });

  it('fails a PTR whose name resolves to another address, and says which', async () => {
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.26', domain: 'fc.test' });
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['fcrdns.not-confirmed']);
    expect(r.findings[0]!.detail).toContain('wrong.fc.test resolves to 192.0.2.99');
    expect(r.fix?.records).toEqual([{ name: 'wrong.fc.test', type: 'A', value: '192.0.2.26' }]);
    const v6 = await checkFcrdns(ctx(), { ip: '2001:db8::26' });
    expect(v6.status).toBe('fail');
    expect(v6.findings[0]!.detail).toContain('dangling.fc.test has no AAAA record (NXDOMAIN)');
  });

  it('fails an address without PTR and tells how to get one', async () => {
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.27', domain: 'fc.test' });
    expect(r.status).toBe('fail');
    expect(codes(r)).toEqual(['fcrdns.no-ptr']);
    expect(r.fix?.summary).toMatch(/hosting provider|VPS panel/);
    expect(r.fix?.records).toEqual([
      { name: '27.2.0.192.in-addr.arpa', type: 'PTR', value: 'mail.fc.test.' },
      { name: 'mail.fc.test', type: 'A', value: '192.0.2.27' },
    ]);
  });

  it('warns about an ISP-generated PTR name even when it is confirmed', async () => {
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.28', domain: 'fc.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['fcrdns.ok', 'fcrdns.generic', 'fcrdns.other-domain']);
    expect(r.data!.generic).toBe(true);
    expect(r.data!.genericReasons.join(' ')).toMatch(/reversed.*dynamic/);
  });

  it('warns about several PTR records and is confirmed by any of them', async () => {
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.29' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['fcrdns.ok', 'fcrdns.multiple-ptr']);
    expect(r.data!.forward.map((f) => f.matches)).toEqual([false, true]);
    expect(r.fix?.records[0]?.value).toBe('b.fc.test.');
  });

  it('warns when HELO differs from the PTR name', async () => {
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.25', domain: 'fc.test', heloName: 'smtp.fc.test' });
    expect(r.status).toBe('warn');
    expect(codes(r)).toEqual(['fcrdns.ok', 'fcrdns.helo-mismatch']);
    expect(r.data!.helo).toMatchObject({ name: 'smtp.fc.test', matchesPtr: false, resolvesToIp: true });
    const ghost = await checkFcrdns(ctx(), { ip: '192.0.2.25', heloName: 'ghost.fc.test' });
    expect(ghost.findings.find((f) => f.code === 'fcrdns.helo-mismatch')!.detail).toContain('ghost.fc.test does not resolve');
    const literal = await checkFcrdns(ctx(), { ip: '192.0.2.25', heloName: '[192.0.2.25]' });
    expect(codes(literal)).toContain('fcrdns.helo-mismatch');
    expect(literal.data!.helo).toMatchObject({ resolvesToIp: true });
  });

  it('suggests the HELO name for the PTR only when it does not point elsewhere', async () => {
    const elsewhere = await checkFcrdns(ctx(), { ip: '192.0.2.27', domain: 'fc.test', heloName: 'smtp.fc.test' }); // smtp.fc.test is 192.0.2.25
    expect(elsewhere.fix?.records[0]?.value).toBe('mail.fc.test.');
    const fresh = await checkFcrdns(ctx(), { ip: '192.0.2.27', domain: 'fc.test', heloName: 'out.fc.test' }); // no address yet
    expect(fresh.fix?.records).toEqual([
      { name: '27.2.0.192.in-addr.arpa', type: 'PTR', value: 'out.fc.test.' },
      { name: 'out.fc.test', type: 'A', value: '192.0.2.27' },
    ]);
  });

  it('notes a confirmed PTR in another organisation as info only', async () => {
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.31', domain: 'fc.test' });
    expect(r.status).toBe('pass');
    expect(codes(r)).toEqual(['fcrdns.ok', 'fcrdns.other-domain']);
  });

  it('reports a PTR lookup timeout as "could not test", not as a failure', async () => {
    const t0 = Date.now();
    const r = await checkFcrdns(ctx(), { ip: '192.0.2.30', domain: 'fc.test' });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.status).toBe('error');
    expect(codes(r)).toEqual(['fcrdns.lookup-error']);
    const fwd = await checkFcrdns(ctx(), { ip: '192.0.2.32' });
    expect(fwd.status).toBe('error');
    expect(codes(fwd)).toEqual(['fcrdns.forward-lookup-error']);
  });

  it('turns a bad address into a clear error instead of throwing', async () => {
    const r = await checkFcrdns(ctx(), { ip: '999.1.1.1' });
    expect(r.status).toBe('error');
    expect(r.summary).toMatch(/not a valid IPv4 address/);
  });

  it('has wording for every finding code it emits', async () => {
    for (const ip of ['192.0.2.25', '192.0.2.26', '192.0.2.27', '192.0.2.28', '192.0.2.29', '192.0.2.31', 'x']) {
      const r = await checkFcrdns(ctx(), { ip, domain: 'fc.test', heloName: 'other.fc.test' });
      for (const f of r.findings) expect(describeFinding(f.code).why, f.code).not.toBe('');
    }
  });
});
