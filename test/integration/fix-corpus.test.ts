/**
 * Issue 12's acceptance corpus: for each broken setup, mxray's suggested fix must be proven by the
 * what-if run, and publishing every suggested record (and policy file) into the real test DNS
 * server (and the loopback HTTPS server) must make the check stop failing when run again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMtaSts } from '@/lib/checks/mta-sts';
import { runCheck } from '@/lib/checks/run';
import type { CheckContext, CheckId, CheckResult } from '@/lib/checks/types';
import { proveFix } from '@/lib/fixes/prove';
import { domainJobs } from '@/lib/report/domain-check';
import { TestDnsServer } from '../support/dns-server';
import { testCheckContext } from '../support/check-context';
import { publishRecords } from '../support/publish-fix';
import { RELAY_IP, RELAY_IP6, fixesPolicies, fixesZone } from '../fixtures/zones/fixes';

interface Setup {
  name: string;
  check: CheckId;
  domain: string;
  ip?: string;
  /** A finding code the broken setup must show (so the setup really is broken). */
  shows: string;
}

const SETUPS: Setup[] = [
  { name: 'two SPF records, relay in neither, 12 lookups merged', check: 'spf', domain: 'twospf.fix.test', ip: RELAY_IP, shows: 'spf.multiple-records' },
  { name: 'SPF over 10 lookups', check: 'spf', domain: 'over10.fix.test', ip: RELAY_IP, shows: 'spf.too-many-lookups' },
  { name: 'SPF void include', check: 'spf', domain: 'voidinc.fix.test', ip: RELAY_IP, shows: 'spf.include-missing' },
  { name: 'SPF +all', check: 'spf', domain: 'plusall.fix.test', ip: RELAY_IP, shows: 'spf.plus-all' },
  { name: 'SPF without the relay IP', check: 'spf', domain: 'noip.fix.test', ip: RELAY_IP, shows: 'spf.ip-not-authorised' },
  { name: 'SPF with an IPv6 relay', check: 'spf', domain: 'v6.fix.test', ip: RELAY_IP6, shows: 'spf.ip-not-authorised' },
  { name: 'generic PTR', check: 'fcrdns', domain: 'genptr.fix.test', ip: '203.0.113.78', shows: 'fcrdns.generic' },
  { name: 'generic PTR that does not resolve back', check: 'fcrdns', domain: 'genptr.fix.test', ip: '203.0.113.79', shows: 'fcrdns.not-confirmed' },
  { name: 'missing PTR', check: 'fcrdns', domain: 'noptr.fix.test', ip: '203.0.113.80', shows: 'fcrdns.no-ptr' },
  { name: 'DMARC syntax error', check: 'dmarc', domain: 'dsyntax.fix.test', shows: 'dmarc.policy-invalid' },
  { name: 'DMARC missing', check: 'dmarc', domain: 'dmissing-fix.test', shows: 'dmarc.missing' },
  { name: 'external rua without authorisation', check: 'dmarc', domain: 'dext.fix.test', shows: 'dmarc.external-unauthorised' },
  { name: 'MTA-STS id with punctuation', check: 'mta-sts', domain: 'stsid.fix.test', shows: 'mta-sts.record-invalid' },
  { name: 'MTA-STS policy missing an MX (id must change)', check: 'mta-sts', domain: 'stsgap.fix.test', shows: 'mta-sts.mx-not-covered' },
  { name: 'TLS-RPT rua without a scheme', check: 'tls-rpt', domain: 'tlsbad.fix.test', shows: 'tls-rpt.malformed' },
];

let dns: TestDnsServer;
let server: https.Server;
let port: number;
let ca: string;
let dir: string;
const policies = new Map(Object.entries(fixesPolicies));
let savedPrivate: string | undefined;

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  savedPrivate = process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
  process.env.MXRAY_ALLOW_PRIVATE_TARGETS = '1'; // the policy server is on loopback
  dir = mkdtempSync(path.join(tmpdir(), 'mxray-fix-corpus-'));
  const hosts = Object.keys(fixesPolicies);
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=mxray fix corpus CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', `/CN=${hosts[0]}`);
  writeFileSync(path.join(dir, 'ext.cnf'), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n`);
  openssl('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.crt', '-days', '30', '-extfile', 'ext.cnf');
  ca = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
  server = https.createServer({ key: readFileSync(path.join(dir, 'srv.key')), cert: readFileSync(path.join(dir, 'srv.crt')) }, (req, res) => {
    const body = policies.get((req.headers.host ?? '').replace(/:\d+$/, ''));
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  dns = await new TestDnsServer({ zone: fixesZone }).start();
}, 30_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await dns?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (savedPrivate === undefined) delete process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
  else process.env.MXRAY_ALLOW_PRIVATE_TARGETS = savedPrivate;
});

const ctx = (): CheckContext => testCheckContext(dns.address, { timeoutMs: 2000 });

/** The job the domain report runs for this check (MTA-STS pointed at the loopback policy server). */
function job(s: Setup): { title: string; run: (c: CheckContext) => Promise<CheckResult> } {
  if (s.check === 'mta-sts') return { title: 'MTA-STS', run: (c) => checkMtaSts(c, { domain: s.domain, httpsPort: port, ca, timeoutMs: 5000 }) };
  const found = domainJobs({ domain: s.domain, ...(s.ip ? { ip: s.ip } : {}) }).find((j) => j.id === s.check);
  if (!found) throw new Error(`no ${s.check} job`);
  return found;
}

/** As runDomainCheck does: run the check, then prove its fix with the what-if run. */
async function proven(s: Setup): Promise<CheckResult> {
  const j = job(s);
  const c = ctx();
  return proveFix(await runCheck(s.check, j.title, c, j.run), c, j.run);
}

const fixedBy = new Map<CheckId, string[]>();

describe('every suggested fix is proven and, once published, stops the check failing', () => {
  it.each(SETUPS)('$name ($domain)', async (s) => {
    const before = await proven(s);
    expect(before.findings.map((f) => f.code)).toContain(s.shows);
    expect(before.status === 'fail' || before.status === 'warn').toBe(true);
    const fix = before.fix!;
    expect(fix, `${s.domain} has a fix`).toBeDefined();
    expect(fix.proof, JSON.stringify(fix, null, 1)).toMatchObject({ resolved: true });
    expect(fix.records.length).toBeGreaterThan(0);
    for (const r of fix.records) {
      // Records only in the user's own zone; the PTR is the hosting panel's.
      if (r.type === 'PTR') expect(fix.where).toBe('hosting-panel');
      else expect(r.name === s.domain || r.name.endsWith(`.${s.domain}`), `${r.name} is in ${s.domain}`).toBe(true);
    }

    publishRecords(dns, fix.records);
    for (const f of fix.files ?? []) policies.set(new URL(f.url).hostname, f.content);

    const after = await runCheck(s.check, job(s).title, ctx(), job(s).run);
    const problems = after.findings.filter((f) => f.severity === 'fail' || f.severity === 'warn');
    expect(after.status, JSON.stringify(problems)).not.toBe('fail');
    expect(after.status).not.toBe('error');
    expect(after.findings.map((f) => f.code)).not.toContain(s.shows);
    fixedBy.set(s.check, [...(fixedBy.get(s.check) ?? []), s.domain]);
  });

  it('says what it could not fix, and shows no record, when no record within the limits exists', async () => {
    const r = await proven({ name: 'hard', check: 'spf', domain: 'hard.fix.test', ip: RELAY_IP, shows: 'spf.too-many-lookups' });
    expect(r.fix!.records).toEqual([]);
    expect(r.fix!.proof).toMatchObject({ resolved: false });
    expect(r.fix!.proof!.reason).toMatch(/a, mx, exists or macros/);
  });

  it('keeps provider includes where the budget allows and names the inlined ranges', async () => {
    dns.set('over10b.fix.test', { TXT: [`v=spf1 ip4:${RELAY_IP} include:_spf.prov-a.fix.test include:_spf.prov-b.fix.test include:_spf.prov-c.fix.test include:_spf.prov-d.fix.test mx a:over10.fix.test ~all`] });
    const r = await proven({ name: 'over10b', check: 'spf', domain: 'over10b.fix.test', ip: RELAY_IP, shows: 'spf.too-many-lookups' });
    const value = r.fix!.records[0]!.value;
    expect(value).toContain('include:_spf.prov-a.fix.test'); // cheap include kept
    expect(value).toContain('include:_spf.prov-c.fix.test'); // a:-based include cannot be inlined
    expect(value).not.toContain('include:_spf.prov-b.fix.test'); // the most expensive one inlined
    expect(value).toContain('ip4:192.0.2.16/28');
    expect(r.fix!.notes!.join(' ')).toMatch(/inlined as 4 ranges .* Refresh them/);
  });

  afterAll(() => {
    const lines = [...fixedBy].map(([id, domains]) => `  ${id}: ${domains.length} setup(s) fixed`);
    console.log(`Fix corpus: ${[...fixedBy.values()].flat().length} of ${SETUPS.length} broken setups fixed by publishing mxray's proven records\n${lines.join('\n')}`);
  });
});
