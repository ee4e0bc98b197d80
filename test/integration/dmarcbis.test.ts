/**
 * The DMARCbis fixture suite: RFC 9989 policy discovery, organizational domain and tags, through the
 * domain check and through message verification, against the real dns2 server on loopback
 * (zone: test/fixtures/zones/dmarcbis.ts). Section numbers are RFC 9989's, whose text is
 * draft-ietf-dmarc-dmarcbis-41; "checkdmarc" is checkdmarc 5.16.0 (dmarc.py at aef0d10), read,
 * not run: its walk stops at the first record it finds and does not test whether a name exists.
 * Messages are built and DKIM-signed here (mailauth's signer, a key generated for the run and
 * published on the test server), then verified with analyzeMessage.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { checkDmarc, type DmarcData } from '@/lib/checks/dmarc';
import { walkTargets } from '@/lib/checks/dmarc/tree-walk';
import type { CheckResult } from '@/lib/checks/types';
import { evaluateChecklist } from '@/lib/checklist/evaluate';
import { analyzeMessage } from '@/lib/message';
import { domainJobs, validateDomainInput } from '@/lib/report/domain-check';
import { testCheckContext, useTestDns, findingCodes } from '../support/check-context';
import { dmarcbisZone } from '../fixtures/zones/dmarcbis';

const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicKey = key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const SIGNERS = ['dept.corp.test', 'mail.shop.bank', 'other.bank', 'nop2.test', 'long9.test', 'corp2.test', 'other.reg.test', 'unknown.test', 'mail.sub.both.test'];
const zone = { ...dmarcbisZone, ...Object.fromEntries(SIGNERS.map((d) => [`s1._domainkey.${d}`, { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] }])) };

const dns = useTestDns(zone);
// No name in this zone times out on purpose: a long deadline only gives headroom on a loaded machine.
const ctx = () => testCheckContext(dns().address, { timeoutMs: 5000 });
const check = (domain: string): Promise<CheckResult<DmarcData>> => checkDmarc(ctx(), { domain });

async function message(from: string, signers: string[]) {
  let msg = `From: Alice <alice@${from}>\r\nTo: bob@receiver.test\r\nSubject: DMARCbis\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@${from}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n`;
  if (signers.length) {
    const res = await dkimSign(msg, { signatureData: signers.map((d) => ({ signingDomain: d, selector: 's1', privateKey, algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed' })) } as never);
    msg = (res as unknown as { signatures: string }).signatures + msg;
  }
  const a = await analyzeMessage(msg, { ctx: ctx() });
  expect(a.verified.dkim.filter((d) => d.domain).map((d) => d.result)).toEqual(signers.map(() => 'pass'));
  return { ...a.verified.dmarc!, findings: a.findings };
}

describe('RFC 9989 tree walk (§4.10)', () => {
  it('asks at most 8 names: the name, then its 7 rightmost labels, then one label less each time', () => {
    expect(walkTargets('a.mail.example.com')).toEqual(['a.mail.example.com', 'mail.example.com', 'example.com', 'com']);
    // The RFC's own example (§4.10): 13 labels, 8 queries.
    expect(walkTargets('a.b.c.d.e.f.g.h.i.j.mail.example.com')).toEqual(['a.b.c.d.e.f.g.h.i.j.mail.example.com', 'g.h.i.j.mail.example.com', 'h.i.j.mail.example.com', 'i.j.mail.example.com', 'j.mail.example.com', 'mail.example.com', 'example.com', 'com']);
    expect(walkTargets('a.b.c.d.e.f.g.h')).toHaveLength(8); // exactly 8 labels: the shortcut, 1 + 7
    expect(walkTargets('bank')).toEqual(['bank']);
    expect(walkTargets('192.0.2.1')).toEqual(['192.0.2.1']); // an address has no parents
    for (let n = 1; n <= 40; n++) expect(walkTargets(Array.from({ length: n }, (_, i) => `l${i}`).join('.')).length).toBeLessThanOrEqual(8);
  });
});

describe('DMARCbis through the domain check', () => {
  // §4.10.1, §4.10.2 step 3. checkdmarc agrees (dept.corp.test). RFC 7489 (PSL: corp.test) finds nothing.
  it('tree walk: a nearer record the Public Suffix List misses applies', async () => {
    const r = await check('x.dept.corp.test');
    expect(r.data).toMatchObject({ source: 'organizational', recordName: '_dmarc.dept.corp.test', orgDomain: 'dept.corp.test', policy: 'quarantine', exists: true });
    expect(r.data!.walk.map((w) => w.name)).toEqual(['_dmarc.x.dept.corp.test', '_dmarc.dept.corp.test', '_dmarc.corp.test', '_dmarc.test']);
    expect(r.data!.rfc7489).toEqual({ orgDomain: 'corp.test', recordName: null, policy: null });
    const differs = r.findings.find((f) => f.code === 'dmarc.rfc7489-differs')!;
    expect(differs.detail).toContain('RFC 9989 receivers walk the DNS tree and apply quarantine from _dmarc.dept.corp.test');
    expect(differs.data).toMatchObject({ rfc9989: { policy: 'quarantine' }, rfc7489: { policy: null } });
  });

  // §4.10.2 step 3 and its example ("the Organizational Domain for this domain would be example.com").
  // checkdmarc DISAGREES: it stops at the first record (sub.both.test, reject). RFC 7489 agrees (both.test).
  it('with records at two names and no psd, the one with the fewest labels is the organizational domain', async () => {
    const r = await check('mail.sub.both.test');
    expect(r.data).toMatchObject({ orgDomain: 'both.test', recordName: '_dmarc.both.test', policy: 'none' });
    expect(findingCodes(r)).not.toContain('dmarc.rfc7489-differs');
  });

  // §4.10 steps 6-7 (the walk reaches single labels), §4.10.2 step 2, §4.10.1 (PSD policy, sp= for
  // an existing name). checkdmarc agrees on finding _dmarc.bank (its walk reaches TLDs since 5.16).
  it('PSD at a single label (_dmarc.bank, psd=y) covers shop.bank, which publishes nothing', async () => {
    const r = await check('shop.bank');
    expect(r.data).toMatchObject({ source: 'psd', recordName: '_dmarc.bank', orgDomain: 'shop.bank', policy: 'quarantine' });
    expect(r.data!.walk).toEqual([
      { name: '_dmarc.shop.bank', outcome: 'NXDOMAIN', records: [] },
      { name: '_dmarc.bank', outcome: 'NOERROR', records: ['v=DMARC1; p=reject; sp=quarantine; np=reject; psd=y'], psd: 'y' },
    ]);
    expect(r.data!.rfc7489.policy).toBeNull();
    expect(r.findings.find((f) => f.code === 'dmarc.inherited')!.detail).toContain("public suffix domain's record at _dmarc.bank (psd=y)");
    const own = await check('bank');
    expect(own.data).toMatchObject({ source: 'domain', policy: 'reject' });
    expect(findingCodes(own)).toContain('dmarc.psd');
  });

  // §4.7 np=, §3.2.13 (NXDOMAIN, RFC 8020). checkdmarc does not test existence (it reports the
  // record, not the policy for the name). RFC 7489 knows no np=: sp=none.
  it('np= applies to a subdomain that does not exist, sp= to one that does', async () => {
    const ghost = await check('ghost.np.test');
    expect(ghost.data).toMatchObject({ policy: 'reject', exists: false, rfc7489: { policy: 'none' } });
    expect(ghost.findings.find((f) => f.code === 'dmarc.inherited')!.detail).toContain('ghost.np.test does not exist (NXDOMAIN), so np= applies');
    expect(findingCodes(ghost)).toContain('dmarc.rfc7489-differs');
    const live = await check('live.np.test');
    expect(live.data).toMatchObject({ policy: 'none', exists: true });
  });

  // §4.7 p= ("treated as if it included p=none"). checkdmarc agrees (a warning, p=none).
  // RFC 7489 §6.6.3 step 6: p=none only with a usable rua=, else no DMARC at all.
  it('a record with no p= reads as p=none, with a note giving the RFC 7489 reading', async () => {
    const r = await check('nop.test');
    expect(r.data!.policy).toBe('none');
    const note = r.findings.find((f) => f.code === 'dmarc.policy-missing')!;
    expect(note.severity).toBe('info');
    expect(note.data).toMatchObject({ rfc9989: 'none', rfc7489: 'none' });
    const bare = await check('nop2.test');
    expect(bare.data).toMatchObject({ policy: 'none', rfc7489: { policy: null } });
    expect(bare.findings.find((f) => f.code === 'dmarc.policy-missing')!.detail).toContain('RFC 7489 receivers then apply no DMARC at all');
  });

  // §A.6, §C.6 (pct, rf, ri removed), RFC 9990 (no "!size"). checkdmarc agrees: "removed in RFC 9989" warnings.
  it('pct, rf, ri and the !size suffix are noted as removed; pct shows both readings', async () => {
    const r = await check('removed.test');
    expect(r.status).toBe('pass');
    expect(r.findings.filter((f) => f.code === 'dmarc.removed-tag').map((f) => f.data!.tag)).toEqual(['pct', 'rua', 'ri', 'rf']);
    expect(r.findings.filter((f) => f.code === 'dmarc.removed-tag').every((f) => f.severity === 'info')).toBe(true);
    const pct = r.findings.find((f) => f.code === 'dmarc.pct-partial')!;
    expect(pct.detail).toBe('pct=50: RFC 9989 receivers ignore pct and apply reject to all failing mail; RFC 7489 receivers sample it: 50% of failing mail gets reject, the rest quarantine');
    expect(r.fix).toBeUndefined(); // removed tags alone are no reason to republish
  });

  // §4.10 (the 8-query shortcut). checkdmarc agrees: the same start at the 7 rightmost labels.
  it('a name of more than 8 labels costs 8 questions, skipping to its 7 rightmost labels', async () => {
    const c = ctx();
    const r = await checkDmarc(c, { domain: 'a.b.c.d.e.f.g.h.long9.test' });
    expect(r.data).toMatchObject({ recordName: '_dmarc.long9.test', orgDomain: 'long9.test', policy: 'quarantine' });
    const asked = c.dns.trace.map((t) => t.name).filter((n) => n.startsWith('_dmarc.'));
    expect(asked).toEqual(['a.b.c.d.e.f.g.h.long9.test', 'd.e.f.g.h.long9.test', 'e.f.g.h.long9.test', 'f.g.h.long9.test', 'g.h.long9.test', 'h.long9.test', 'long9.test', 'test'].map((n) => `_dmarc.${n}`));
  });

  // §4.10 step 6 (psd=n stops the walk), §4.10.2 step 1. checkdmarc agrees on the record (nearest),
  // without reading psd. RFC 7489 (PSL: corp2.test) applies corp2.test's p=none instead.
  it('psd=n at an intermediate name makes it the organizational domain and stops the walk', async () => {
    const c = ctx();
    const r = await checkDmarc(c, { domain: 'mail.unit.corp2.test' });
    expect(r.data).toMatchObject({ orgDomain: 'unit.corp2.test', recordName: '_dmarc.unit.corp2.test', policy: 'reject', rfc7489: { orgDomain: 'corp2.test', recordName: '_dmarc.corp2.test', policy: 'none' } });
    expect(r.data!.walk.map((w) => w.name)).toEqual(['_dmarc.mail.unit.corp2.test', '_dmarc.unit.corp2.test']);
    expect(findingCodes(r)).toContain('dmarc.rfc7489-differs');
  });

  // §4.10.2 step 2 (one label below the psd=y name), §4.10.1 note (no PSD policy when the org domain
  // publishes). checkdmarc agrees on the record (nearest). RFC 7489 (PSL: reg.test) applies p=none.
  it('psd=y above an organization that publishes: the organization\'s own record applies', async () => {
    const r = await check('www.brand.reg.test');
    expect(r.data).toMatchObject({ source: 'organizational', orgDomain: 'brand.reg.test', recordName: '_dmarc.brand.reg.test', policy: 'reject', rfc7489: { recordName: '_dmarc.reg.test', policy: 'none' } });
    expect(r.data!.walk.map((w) => w.psd ?? '-')).toEqual(['-', '-', 'y']);
  });

  // §4.7 t=. checkdmarc parses t. RFC 7489 receivers ignore t= (unknown then) and apply reject.
  it('t=y: RFC 9989 receivers apply one step less, RFC 7489 receivers the full policy', async () => {
    const r = await check('testing.test');
    expect(r.data).toMatchObject({ policy: 'reject', testing: true });
    expect(r.findings.find((f) => f.code === 'dmarc.testing')!.data).toEqual({ rfc9989: 'quarantine', rfc7489: 'reject' });
  });

  // §4.7 ("unknown tags MUST be ignored"). checkdmarc agrees (ignored with a warning).
  it('an unknown tag is ignored with a note, not a warning', async () => {
    const r = await check('unknown.test');
    expect(r.status).toBe('pass');
    expect(r.findings.find((f) => f.code === 'dmarc.unknown-tag')!.severity).toBe('info');
  });

  // RFC 9990 §4: "not identical to the Organizational Domain" of the record, found by the tree walk.
  // checkdmarc checks external destinations with its own org-domain rule (PSL); RFC 7489 (PSL) sees
  // corp3.test as the same organization and asks nothing.
  it('a report address outside the walk\'s organizational domain needs the authorisation record', async () => {
    const r = await check('team.corp3.test');
    expect(r.data!.externalDestinations).toEqual([{ uri: 'mailto:d@corp3.test', domain: 'corp3.test', authorised: false, outcome: 'NXDOMAIN' }]);
    // The authorisation lives in corp3.test's zone; fixes only offer records in the checked zone
    // (issue 12), so the fix names the missing record and sends reports to a mailbox of its own.
    expect(r.fix!.summary).toContain('TXT team.corp3.test._report._dmarc.corp3.test "v=DMARC1"');
    expect(r.fix!.records).toEqual([{ name: '_dmarc.team.corp3.test', type: 'TXT', value: 'v=DMARC1; p=reject; rua=mailto:dmarc-reports@team.corp3.test; psd=n' }]);
  });
});

describe('DMARCbis through message verification (own RFC 9989 verdict, mailauth 4.13 as the RFC 7489 reading)', () => {
  it('nearer record: DKIM d=dept.corp.test aligns with x.dept.corp.test; mailauth finds no record', async () => {
    const d = await message('x.dept.corp.test', ['dept.corp.test']);
    expect(d).toMatchObject({ result: 'pass', policy: 'quarantine', recordName: '_dmarc.dept.corp.test', orgDomain: 'dept.corp.test', rfc7489: { result: 'none' } });
    expect(d.detail).toContain('RFC 9989 receivers (DNS tree walk) reach pass (policy quarantine from _dmarc.dept.corp.test); RFC 7489 receivers (Public Suffix List, as mailauth 4.13 reads it) reach none');
    const differs = d.findings.find((f) => f.code === 'message.dmarc-rfc7489-differs')!;
    expect(differs.data).toEqual({ rfc9989: { result: 'pass', policy: 'quarantine' }, rfc7489: { result: 'none', policy: null } });
  });

  it('PSD at a single label: shop.bank is its own organization (aligned with mail.shop.bank, not other.bank)', async () => {
    expect(await message('shop.bank', ['mail.shop.bank'])).toMatchObject({ result: 'pass', policy: 'quarantine', orgDomain: 'shop.bank', rfc7489: { result: 'none' } });
    expect(await message('shop.bank', ['other.bank'])).toMatchObject({ result: 'fail', policy: 'quarantine' });
  });

  it('np= for a From domain that does not exist', async () => {
    const d = await message('ghost.np.test', []);
    expect(d).toMatchObject({ result: 'fail', policy: 'reject', rfc7489: { result: 'fail', policy: 'none' } });
  });

  it('no p= and no rua=: RFC 9989 evaluates with p=none', async () => {
    expect(await message('nop2.test', ['nop2.test'])).toMatchObject({ result: 'pass', policy: 'none' });
    expect(await message('nop2.test', [])).toMatchObject({ result: 'fail', policy: 'none' });
  });

  it('more than 8 labels: the walk still finds long9.test, and d=long9.test aligns', async () => {
    expect(await message('a.b.c.d.e.f.g.h.long9.test', ['long9.test'])).toMatchObject({ result: 'pass', policy: 'quarantine', orgDomain: 'long9.test' });
  });

  it('psd=n splits unit.corp2.test from corp2.test: d=corp2.test does not align (mailauth says it does)', async () => {
    const d = await message('mail.unit.corp2.test', ['corp2.test']);
    expect(d).toMatchObject({ result: 'fail', policy: 'reject', orgDomain: 'unit.corp2.test', rfc7489: { result: 'pass' } });
    expect(d.alignment).toContain("mail.unit.corp2.test's is unit.corp2.test");
  });

  it('psd=y: brand.reg.test and other.reg.test are different organizations', async () => {
    const d = await message('www.brand.reg.test', ['other.reg.test']);
    expect(d).toMatchObject({ result: 'fail', policy: 'reject', orgDomain: 'brand.reg.test', rfc7489: { result: 'pass' } });
  });

  it('records at two names: relaxed alignment by the shortest one (both.test)', async () => {
    expect(await message('both.test', ['mail.sub.both.test'])).toMatchObject({ result: 'pass', policy: 'none', orgDomain: 'both.test' });
  });

  it('t=y: the failing message gets one step less', async () => {
    const d = await message('testing.test', []);
    expect(d).toMatchObject({ result: 'fail', policy: 'reject', testing: true, appliedPolicy: 'quarantine' });
    expect(d.findings.find((f) => f.code === 'message.dmarc-fail')!.detail).toContain('put it in spam (t=y: testing, so one step less than reject)');
    expect(d.findings.find((f) => f.code === 'message.dmarc-rfc7489-differs')!.detail).toBe(
      'RFC 9989 receivers (DNS tree walk) reach fail (policy reject from _dmarc.testing.test, t=y: quarantine applied); RFC 7489 receivers (Public Suffix List, as mailauth 4.13 reads it) reach fail (policy reject).',
    );
  });

  it('unknown tag and removed tags change nothing in the verdict', async () => {
    expect(await message('unknown.test', ['unknown.test'])).toMatchObject({ result: 'pass', policy: 'reject' });
    expect(await message('removed.test', [])).toMatchObject({ result: 'fail', policy: 'reject' });
  });
});

describe('DMARCbis in the setup checklist (the same DMARC job as the domain check)', () => {
  async function dmarcItem(domain: string) {
    const job = domainJobs(validateDomainInput({ domain })).find((j) => j.id === 'dmarc')!;
    const result = await job.run(ctx());
    return evaluateChecklist({ domain, selector: 'mail', checks: { dmarc: result } }).items.find((i) => i.id === 'dmarc')!;
  }

  it('a policy only the tree walk finds turns the step green; RFC 7489 would have found none', async () => {
    expect(await dmarcItem('x.dept.corp.test')).toMatchObject({ state: 'done', complete: true });
  });

  it('a PSD policy (psd=y at a single label) counts for a name that publishes none, and the fix is the owner\'s own record', async () => {
    // Complete (a policy applies), with the owner's own record as the next step: the PSO's is not theirs to edit.
    const item = await dmarcItem('shop.bank');
    expect(item).toMatchObject({ state: 'warn', complete: true });
    expect(item.fix!.records).toEqual([{ name: '_dmarc.shop.bank', type: 'TXT', value: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@shop.bank' }]);
  });
});
