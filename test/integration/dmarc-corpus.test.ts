import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDmarc } from '@/lib/checks/dmarc';
import { dmarcVerdict } from '@/lib/message/dmarc';
import { parseServerList } from '@/lib/dns';
import { createCheckContext } from '@/lib/report/context';
import { TestDnsServer, type Zone } from '../support/dns-server';
import { corpus as corpusPath } from '../support/corpora';

/**
 * mailauth's DMARC record-discovery cases replayed through the real test DNS server
 * (postalsys/mailauth @ d2616c6b, test/dmarc/*.js, MIT; /work/shared/corpora/dmarc/SOURCES.md).
 * Each case's declarative zone or DNS transcript becomes a zone; the author domain becomes the
 * domain we check. What we compare is discovery: whether a record applies, where it came from,
 * and the policy for the author domain. Alignment and message verdicts are not this check's job.
 */
interface Case {
  id: string;
  title: string;
  status_in_mailauth: string;
  zone?: Record<string, Record<string, unknown>> | unknown[];
  dns_transcript?: { name: string; type: string; answer?: string[][]; error?: string }[];
  calls: { function: string; args: unknown[]; mailauth_actual_result?: Record<string, unknown> | false; mailauth_threw?: string }[];
}
const corpus = JSON.parse(fs.readFileSync(corpusPath('dmarc/mailauth-dmarc-cases.json'), 'utf8')) as { cases: Case[] };

// Not replayed, with the reason. Everything else in the file is.
const SKIP: Record<string, string> = {
  'test/dmarc/dmarc-verify-test.js#L542': 'several From addresses: a message-level case, no domain to check',
  'test/dmarc/dmarc-verify-test.js#L707': 'two zones for two calls',
};

/**
 * Cases mailauth marks pending (their assertions state the RFC 9989 target, which mailauth's own
 * output does not meet), and active ones whose RFC 7489 result RFC 9989 changes: we compare with
 * RFC 9989 (draft-ietf-dmarc-dmarcbis-41), not with mailauth's output.
 */
const TARGET: Record<string, { policy: string | null; codes?: string[]; recordName?: string; trace?: string[] }> = {
  'test/dmarc/rfc9989-compliance-test.js#L398': { policy: 'none' }, // no p, usable rua ⇒ p=none (RFC 7489 §6.6.3 too)
  // No p, no rua: RFC 9989 §4.7 (p=) reads p=none, as checkdmarc 5.16 does; mailauth's target reads
  // §4.10.1 ("no valid p" and no rua: no DMARC). Changed from null; the RFC 7489 reading stays null.
  'test/dmarc/rfc9989-compliance-test.js#L412': { policy: 'none', codes: ['dmarc.policy-missing'] },
  'test/dmarc/rfc9989-compliance-test.js#L257': { policy: 'none' }, // existing subdomain gets sp=, not np=
  'test/dmarc/rfc9989-compliance-test.js#L274': { policy: 'none' },
  'test/dmarc/rfc9989-compliance-test.js#L243': { policy: 'quarantine' }, // NXDOMAIN author: np= (§4.10.1)
  'test/dmarc/rfc9989-compliance-test.js#L379': { policy: 'reject', codes: ['dmarc.pct-partial', 'dmarc.removed-tag'] },
  // t=y: the target downgrades the applied policy for a failing message. This check reports the
  // published policy (data.testing) and says that t=y makes receivers apply one step less (dmarc.testing).
  'test/dmarc/rfc9989-compliance-test.js#L342': { policy: 'reject', codes: ['dmarc.testing'] },
  'test/dmarc/rfc9989-compliance-test.js#L356': { policy: 'quarantine', codes: ['dmarc.testing'] },
  // psd=n at an intermediate name: that is the organizational domain (§4.10.2 step 1).
  'test/dmarc/rfc9989-compliance-test.js#L197': { policy: 'reject', recordName: '_dmarc.b.example.com', codes: ['dmarc.rfc7489-differs'] },
  // 13 labels: the name, then straight to its 7 rightmost labels, then one less each time (§4.10).
  'test/dmarc/rfc9989-compliance-test.js#L214': {
    policy: 'none',
    recordName: '_dmarc.example.com',
    trace: ['a.b.c.d.e.f.g.h.i.j.k.example.com', 'g.h.i.j.k.example.com', 'h.i.j.k.example.com', 'i.j.k.example.com', 'j.k.example.com', 'k.example.com', 'example.com', 'com'].map((n) => `_dmarc.${n}`),
  },
  'test/dmarc/rfc9989-compliance-test.js#L296': { policy: 'quarantine', recordName: '_dmarc.giant.bank.example' },
  'test/dmarc/rfc9989-compliance-test.js#L317': { policy: 'none', recordName: '_dmarc.foo.example' }, // §4.10.1 note: no PSD policy
  // Active in mailauth (RFC 7489 §6.6.3 step 5: several records end discovery). RFC 9989 §4.10
  // step 2 discards them and the walk goes on, so example.com's p=none applies; changed.
  'test/dmarc/rfc9989-compliance-test.js#L87': { policy: 'none', recordName: '_dmarc.example.com', codes: ['dmarc.multiple-records'] },
};

function zoneOf(c: Case): Zone {
  const zone: Zone = {};
  if (c.zone && !Array.isArray(c.zone)) {
    for (const [name, rr] of Object.entries(c.zone)) {
      zone[name] = {};
      if (rr.TXT) zone[name]!.TXT = rr.TXT as string[][];
      if (rr.A) zone[name]!.A = rr.A as string[];
      if (rr.MX) zone[name]!.MX = (rr.MX as { priority: number; exchange: string }[]).map((m) => [m.priority, m.exchange]);
    }
    return zone;
  }
  for (const q of c.dns_transcript ?? []) {
    if (q.answer) zone[q.name] = q.answer.length ? { TXT: q.answer } : { A: ['192.0.2.1'] }; // [] = NODATA
    else if (q.error === 'ENODATA') zone[q.name] = { A: ['192.0.2.1'] };
    else if (q.error === 'ETIMEOUT') zone[q.name] = { TIMEOUT: true };
    // ENOTFOUND: the name is absent.
  }
  return zone;
}

function authorDomain(c: Case, call: Case['calls'][number]): string | null {
  const a = call.args[0];
  if (typeof a === 'string') return a;
  const from = (a as { headerFrom?: unknown }).headerFrom;
  const s = Array.isArray(from) ? (from.length === 1 ? from[0] : null) : from;
  if (typeof s !== 'string') return null;
  return s.includes('@') ? s.slice(s.lastIndexOf('@') + 1) : s;
}

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await new TestDnsServer({ zone: {} }).start();
});
afterAll(() => dns.stop());

describe('mailauth DMARC discovery cases through the real DNS server', () => {
  const replayed = corpus.cases.filter((c) => !SKIP[c.id]);
  it('replays most of the corpus', () => expect(replayed.length).toBeGreaterThanOrEqual(80));

  for (const c of replayed) {
    it(`${c.id}: ${c.title}`, async () => {
      dns.setZone(zoneOf(c));
      for (const call of c.calls) {
        const domain = authorDomain(c, call)!;
        const ctx = createCheckContext({ dns: { servers: parseServerList(dns.address), timeoutMs: 1500, retries: 0, cacheMaxTtlSec: 60 }, cache: null });
        const r = await checkDmarc(ctx, { domain });
        const actual = call.mailauth_actual_result;

        if (call.mailauth_threw || (actual && (actual.status as { result?: string } | undefined)?.result === 'temperror')) {
          expect(r.status).toBe('error'); // a DNS timeout is "could not test"
          continue;
        }
        const target = TARGET[c.id];
        if (target) {
          expect(r.data!.policy).toBe(target.policy);
          for (const code of target.codes ?? []) expect(r.findings.map((f) => f.code)).toContain(code);
          if (target.recordName) expect(r.data!.recordName).toBe(target.recordName);
          if (target.trace) expect(ctx.dns.trace.map((t) => t.name).filter((n) => n.startsWith('_dmarc.'))).toEqual(target.trace);
          continue;
        }
        expect(c.status_in_mailauth, 'pending cases need a stated target').toBe('active');
        const verifyNone = actual && (actual.status as { result?: string } | undefined)?.result === 'none';
        if (actual === false || verifyNone) {
          expect(r.data!.record).toBeNull(); // no record applies (absent, discarded, or several)
          expect(r.status).toBe('fail');
          continue;
        }
        const got = actual as Record<string, unknown>;
        if ('isOrgRecord' in got) {
          // getDmarcRecord: the record as found, and whether it came from the org domain.
          expect(r.data!.source).toBe(got.isOrgRecord ? 'organizational' : 'domain');
          expect(r.data!.tags.p?.toLowerCase()).toBe(got.p);
        } else {
          // verifyDmarc: the same record (rr), and the policy applied to the author domain (sp= when inherited).
          expect(r.data!.record!.trim()).toBe(got.rr);
          expect(r.data!.policy).toBe(got.policy);
        }
      }
    });
  }

  it('never queries "_dmarc.null" for names without an org domain (mailauth get-dmarc-record L310)', async () => {
    dns.setZone({});
    for (const name of ['localhost', '192.0.2.1']) {
      const ctx = createCheckContext({ dns: { servers: parseServerList(dns.address), timeoutMs: 1500, retries: 0, cacheMaxTtlSec: 60 }, cache: null });
      await checkDmarc(ctx, { domain: name });
      expect(ctx.dns.trace.map((t) => t.name)).toEqual([`_dmarc.${name}`]);
    }
  });
});

/**
 * The same corpus's verify() calls through mxray's own message verdict (lib/message/dmarc.ts, RFC
 * 9989) with the SPF and DKIM results the case states. Active cases must give mailauth's result and
 * policy, except where RFC 9989 changes them (VERDICT_TARGET, with the reason); pending cases give
 * the RFC 9989 target their titles state.
 */
const VERDICT_TARGET: Record<string, { result: string; policy: string | null }> = {
  // §4.10 step 2: several records at the author are discarded and the walk goes on to example.com (p=none).
  'test/dmarc/rfc9989-compliance-test.js#L87': { result: 'fail', policy: 'none' },
  'test/dmarc/rfc9989-compliance-test.js#L197': { result: 'fail', policy: 'reject' }, // psd=n at b.example.com
  'test/dmarc/rfc9989-compliance-test.js#L214': { result: 'fail', policy: 'none' },
  'test/dmarc/rfc9989-compliance-test.js#L243': { result: 'fail', policy: 'quarantine' }, // np= for NXDOMAIN
  'test/dmarc/rfc9989-compliance-test.js#L257': { result: 'fail', policy: 'none' },
  'test/dmarc/rfc9989-compliance-test.js#L274': { result: 'fail', policy: 'none' },
  // psd=y at bank.example: giant.bank.example and mail.giant.bank.example share an organization, mega does not.
  'test/dmarc/rfc9989-compliance-test.js#L296': { result: 'pass', policy: 'quarantine' },
  'test/dmarc/rfc9989-compliance-test.js#L317': { result: 'fail', policy: 'none' },
  'test/dmarc/rfc9989-compliance-test.js#L342': { result: 'fail', policy: 'reject' }, // applied: quarantine (t=y)
  'test/dmarc/rfc9989-compliance-test.js#L356': { result: 'fail', policy: 'quarantine' }, // applied: none (t=y)
  'test/dmarc/rfc9989-compliance-test.js#L379': { result: 'pass', policy: 'reject' },
  'test/dmarc/rfc9989-compliance-test.js#L398': { result: 'pass', policy: 'none' },
  // No p, no rua: RFC 9989 §4.7 reads p=none (as checkdmarc 5.16); mailauth's target reads §4.10.1 (no DMARC).
  'test/dmarc/rfc9989-compliance-test.js#L412': { result: 'fail', policy: 'none' },
};

describe('mailauth DMARC verify cases through mxray\'s own RFC 9989 message verdict', () => {
  const calls = corpus.cases.filter((c) => !SKIP[c.id]).flatMap((c) => c.calls.filter((call) => call.function === 'verify').map((call) => ({ c, call })));
  it('replays the verify calls', () => expect(calls.length).toBeGreaterThanOrEqual(50));

  for (const [i, { c, call }] of calls.entries()) {
    it(`${c.id} #${i}: ${c.title}`, async () => {
      dns.setZone(zoneOf(c));
      // Entries are { domain } objects, or bare strings in one case (mailauth accepts both).
      const a = call.args[0] as { spfDomains?: ({ domain: string } | string)[]; dkimDomains?: ({ domain: string } | string)[] };
      const dom = (d: { domain: string } | string) => (typeof d === 'string' ? d : d.domain);
      const ctx = createCheckContext({ dns: { servers: parseServerList(dns.address), timeoutMs: 1500, retries: 0, cacheMaxTtlSec: 60 }, cache: null });
      const v = await dmarcVerdict(ctx, { fromDomain: authorDomain(c, call)!, ...(a.spfDomains?.[0] ? { spfPassDomain: dom(a.spfDomains[0]) } : {}), dkimPassDomains: (a.dkimDomains ?? []).map(dom) });
      const target = VERDICT_TARGET[c.id];
      if (target) {
        expect([v.result, v.policy ?? null]).toEqual([target.result, target.policy]);
        return;
      }
      expect(c.status_in_mailauth, 'pending cases need a stated target').toBe('active');
      const got = call.mailauth_actual_result as { status: { result: string }; policy?: string } | false | undefined;
      const want = got ? got.status.result : 'none';
      expect(v.result).toBe(want);
      if (got && got.policy && (want === 'pass' || want === 'fail')) expect(v.policy).toBe(got.policy);
    });
  }
});
