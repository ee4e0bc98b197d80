/**
 * The RFC 7208 OpenSPF suite (see spf-rfc7208.test.ts for its source) run through the command line:
 * `mxray spf <domain> --ip <host> --sender <mailfrom> --helo <helo> --json`, in-process through
 * the CLI runner, against the real dns2 test server. <domain> is what the receiver checks: the
 * MAIL FROM domain, or the HELO name for a null sender (RFC 7208 §2.3, §4.3) — including the
 * domain literals and dotless names real envelopes carry, which must give "none", not exit 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { runCli, setEnv } from '../support/cli';
import { loadSuite } from '../fixtures/zones/spf-suite';

const suite = loadSuite();
const total = suite.reduce((n, s) => n + s.tests.length, 0);
let passed = 0;
let dns: TestDnsServer;
let restoreEnv: () => void;

beforeAll(async () => {
  dns = await new TestDnsServer().start();
  // Scenarios reuse names with different data: nothing may be served from an earlier scenario.
  restoreEnv = setEnv({ MXRAY_DNS_SERVERS: dns.address, MXRAY_DNS_RETRIES: '0', MXRAY_DNS_CACHE_TTL: '0', MXRAY_DNS_TIMEOUT_MS: '1500' });
});
afterAll(async () => {
  restoreEnv();
  await dns.stop();
  console.log(`RFC 7208 suite through mxray spf --json: ${passed}/${total} tests pass`);
});

describe('RFC 7208 OpenSPF suite through `mxray spf --json`', () => {
  for (const scenario of suite) {
    describe(scenario.description, () => {
      beforeAll(() => dns.setZone(scenario.zone));

      for (const t of scenario.tests) {
        it(`${t.name} → ${t.results.join(' or ')}${t.spec ? ` (§${t.spec})` : ''}`, async () => {
          // Same deadlines as the library run: short where the suite expects a timeout.
          process.env.MXRAY_DNS_TIMEOUT_MS = t.results.includes('temperror') ? '200' : '1500';
          const from = t.mailfrom || `postmaster@${t.helo}`;
          const domain = from.slice(from.lastIndexOf('@') + 1);
          const r = await runCli('spf', domain, '--ip', t.host, '--sender', t.mailfrom, '--helo', t.helo, '--json');
          expect(r.err).toBe('');
          const j = JSON.parse(r.out) as { result: string; explanation: string | null };
          expect(t.results).toContain(j.result);
          expect(r.code).toBe(['fail', 'softfail', 'permerror'].includes(j.result) ? 1 : 0);
          if (t.explanation === 'DEFAULT') expect(j.explanation).toBeNull();
          else if (t.explanation !== undefined) expect(j.explanation).toBe(t.explanation);
          passed++;
        });
      }
    });
  }

  it('every suite test passed through the CLI', () => {
    expect(passed).toBe(total);
  });
});
