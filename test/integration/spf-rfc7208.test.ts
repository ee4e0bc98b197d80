/**
 * The OpenSPF RFC 7208 test suite (release 2014.04 plus later upstream additions), from
 * sdgathman/pyspf @ 1042e9e1 : test/rfc7208-tests.yml (BSD-3-Clause-style licence, see
 * /work/shared/corpora/spf/SOURCES.md and rfc7208-tests.LICENSE). Every suite test runs through
 * checkSpf() against the real dns2 test server on loopback, with the zone semantics of pyspf's
 * reference driver (test/fixtures/zones/spf-suite.ts). Where the suite lists several acceptable
 * results, any of them passes; `explanation` is compared when the suite gives one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSpf } from '@/lib/checks/spf';
import { DEFAULT_LIMITS } from '@/lib/checks/types';
import { DnsResolver, parseServerList } from '@/lib/dns';
import { TestDnsServer } from '../support/dns-server';
import { loadSuite } from '../fixtures/zones/spf-suite';

const suite = loadSuite();
const total = suite.reduce((n, s) => n + s.tests.length, 0);
let passed = 0;
let dns: TestDnsServer;

beforeAll(async () => {
  dns = await new TestDnsServer().start();
});
afterAll(async () => {
  await dns.stop();
  console.log(`RFC 7208 suite: ${passed}/${total} tests pass`);
});

describe('RFC 7208 OpenSPF suite', () => {
  it('has the 203 tests the corpus documents', () => {
    expect(total).toBe(203);
  });

  for (const scenario of suite) {
    describe(scenario.description, () => {
      beforeAll(() => dns.setZone(scenario.zone));

      for (const t of scenario.tests) {
        it(`${t.name} → ${t.results.join(' or ')}${t.spec ? ` (§${t.spec})` : ''}`, async () => {
          // TIMEOUT names never answer: a short deadline keeps the tests that expect temperror fast,
          // a generous one keeps the others from turning into temperror on a loaded machine.
          const timeoutMs = t.results.includes('temperror') ? 200 : 1500;
          const resolver = new DnsResolver({ servers: parseServerList(dns.address), timeoutMs, retries: 0, cacheMaxTtlSec: 0 });
          const from = t.mailfrom || `postmaster@${t.helo}`;
          const domain = from.slice(from.lastIndexOf('@') + 1);
          const result = await checkSpf({ dns: resolver, limits: DEFAULT_LIMITS, now: new Date() }, { domain, ip: t.host, sender: t.mailfrom, helo: t.helo });
          expect(t.results).toContain(result.data!.result);
          if (t.explanation === 'DEFAULT') expect(result.data!.explanation).toBeUndefined();
          else if (t.explanation !== undefined) expect(result.data!.explanation).toBe(t.explanation);
          passed++;
        });
      }
    });
  }

  it('every suite test passed', () => {
    expect(passed).toBe(total);
  });
});
