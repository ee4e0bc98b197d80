/**
 * Provider verdicts and the score against a real dns2 server on loopback: a compliant sender (DNS
 * plus a DKIM-signed test message received over TLS) and single defects of it, each its own domain.
 */
import { describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import { analyzeMessage } from '@/lib/message';
import { providerVerdicts } from '@/lib/providers/evaluate';
import type { ProviderVerdict, SenderKind } from '@/lib/providers/types';
import { createCheckContext } from '@/lib/report/context';
import { runDomainCheck } from '@/lib/report/domain-check';
import { formatScoreLine, scoreDomainReport, scoreMessage } from '@/lib/report/scoring';
import { useTestDns } from '../support/check-context';
import type { Zone } from '../support/dns-server';
import { envelopeOf, senderMessage, senderZone, type MessageOptions, type SenderSetup } from '../support/sender-fixtures';

const setup = (domain: string, n: number): SenderSetup => ({ domain, ip: `192.0.2.${n}`, selector: 'mail' });
const good = setup('good.test', 10);
const noSpf = setup('nospf.test', 11);
const noDmarc = setup('nodmarc.test', 12);
const noPtr = setup('noptr.test', 13);
const slowDns = setup('slow.test', 14);

const zone: Zone = {
  ...senderZone(good),
  ...senderZone(noSpf, { spf: true }),
  ...senderZone(noDmarc, { dmarc: true }),
  ...senderZone(noPtr, { ptr: true }),
  ...senderZone(slowDns),
};
zone['slow.test'] = { ...zone['slow.test'], TIMEOUT: ['TXT'] };
const dns = useTestDns(zone);

// Generous deadlines: a loaded machine must not turn a slow answer into "could not test".
const opts = (timeoutMs = 2500) => ({ dns: { servers: parseServerList(dns().address), timeoutMs, retries: timeoutMs > 1000 ? 1 : 0, cacheMaxTtlSec: 0 }, cache: null });

async function evidence(s: SenderSetup, message: MessageOptions | null = {}, kind: SenderKind = 'bulk') {
  // slow.test never answers TXT: a short deadline for it alone.
  const domain = await runDomainCheck({ domain: s.domain, ip: s.ip, selectors: [s.selector] }, opts(s === slowDns ? 500 : 2500));
  const raw = message ? await senderMessage(s, message) : undefined;
  const analysis = raw ? await analyzeMessage(raw, { ctx: createCheckContext(opts()), envelope: envelopeOf(s) }) : undefined;
  const headers = raw?.slice(0, raw.indexOf('\r\n\r\n') + 2);
  return { domain, analysis, providers: providerVerdicts({ domain, message: analysis, headers }, kind) };
}

/** Failing rows as "provider requirement reply". */
const failures = (ps: ProviderVerdict[]) => ps.flatMap((p) => p.rows.filter((r) => r.required && r.status === 'fail').map((r) => `${p.provider} ${r.requirement}${r.reply ? ` ${r.reply}` : ''}`));
const verdicts = (ps: ProviderVerdict[]) => Object.fromEntries(ps.map((p) => [p.provider, p.verdict]));

describe('a compliant sender', () => {
  it('passes all three providers and scores the top mark', async () => {
    const { domain, analysis, providers } = await evidence(good);
    expect(failures(providers)).toEqual([]);
    expect(verdicts(providers)).toEqual({ gmail: 'pass', yahoo: 'pass', outlook: 'pass' });
    for (const p of providers) expect(p.met).toBe(p.required);
    expect(providers.find((p) => p.provider === 'gmail')!.rows.find((r) => r.requirement === 'spam-rate')).toMatchObject({ status: 'unknown', required: false, applies: 'guidance' });
    expect(scoreDomainReport(domain)).toMatchObject({ value: 10, lines: [] });
    expect(scoreMessage(analysis!)).toMatchObject({ value: 10, lines: [] });
  });

  it('gives each row its source with a link and a date', async () => {
    const { providers } = await evidence(good, null);
    for (const r of providers.flatMap((p) => p.rows)) {
      expect(r.source.url).toMatch(/^https:\/\//);
      expect(r.source.date).toMatch(/^20\d\d-\d\d-\d\d$/);
    }
  });
});

describe('each single defect fails exactly its rows, with the reply to expect', () => {
  it('no SPF record: the SPF rows', async () => {
    const { domain, analysis, providers } = await evidence(noSpf);
    expect(failures(providers)).toEqual(['gmail spf 421 4.7.27 / 550 5.7.27', 'yahoo spf 550 5.7.9', 'outlook spf 550 5.7.515']);
    expect(verdicts(providers)).toEqual({ gmail: 'fail', yahoo: 'fail', outlook: 'fail' });
    const s = scoreDomainReport(domain);
    expect(s.value).toBe(7);
    expect(s.lines.map(formatScoreLine)).toEqual(['−3: No SPF record']);
    expect(scoreMessage(analysis!).value).toBeLessThan(10);
  });

  it('no DMARC record: the DMARC record rows', async () => {
    const { providers } = await evidence(noDmarc);
    expect(failures(providers)).toEqual(['gmail dmarc-record 421 4.7.40 / 550 5.7.40', 'yahoo dmarc-record 550 5.7.9', 'outlook dmarc-record 550 5.7.515']);
  });

  it('no PTR for the server IP: the reverse DNS rows (Gmail 550 5.7.25)', async () => {
    const { domain, providers } = await evidence(noPtr);
    expect(failures(providers)).toEqual(['gmail ptr 550 5.7.25', 'yahoo ptr']);
    expect(verdicts(providers)).toEqual({ gmail: 'fail', yahoo: 'fail', outlook: 'pass' });
    expect(scoreDomainReport(domain).lines.map(formatScoreLine)).toEqual(['−2: No reverse DNS (PTR) for the sending IP']);
  });

  it('an unsigned message: the DKIM rows', async () => {
    const { analysis, providers } = await evidence(good, { sign: false });
    expect(failures(providers)).toEqual(['gmail dkim 421 4.7.30 / 550 5.7.30', 'yahoo dkim 550 5.7.9', 'outlook dkim 550 5.7.515']);
    expect(scoreMessage(analysis!).lines.map((l) => [l.code, l.points])).toEqual([['message.dkim-none', 1.5]]);
  });

  it('no Message-ID: the format rows (Gmail 550 5.7.1)', async () => {
    const { providers } = await evidence(good, { messageId: false });
    expect(failures(providers)).toEqual(['gmail format 550 5.7.1', 'yahoo format']);
    expect(providers[0]!.rows.find((r) => r.requirement === 'format')!.detail).toMatch(/no Message-ID/);
  });

  it('two From fields: the format rows', async () => {
    const { providers } = await evidence(good, { twoFroms: true });
    expect(failures(providers)).toEqual(['gmail format 550 5.7.1', 'yahoo format']);
    expect(providers[0]!.rows.find((r) => r.requirement === 'format')!.detail).toMatch(/2 From fields/);
  });

  it('delivered without TLS: the Gmail TLS row (421 4.7.29 / 550 5.7.29)', async () => {
    const { providers } = await evidence(good, { tls: false });
    expect(failures(providers)).toEqual(['gmail tls 421 4.7.29 / 550 5.7.29']);
  });

  it('no one-click unsubscribe: a failure for bulk senders only', async () => {
    const bulk = await evidence(good, { oneClick: false });
    expect(failures(bulk.providers)).toEqual(['gmail one-click', 'yahoo one-click']);
    const oneToOne = await evidence(good, { oneClick: false }, 'one-to-one');
    expect(failures(oneToOne.providers)).toEqual([]);
    expect(verdicts(oneToOne.providers)).toEqual({ gmail: 'pass', yahoo: 'pass', outlook: 'pass' });
  });
});

describe('missing evidence reads "unknown", never pass', () => {
  it('a domain check alone leaves the message rows unknown', async () => {
    const { providers } = await evidence(good, null);
    const gmail = providers.find((p) => p.provider === 'gmail')!;
    const unknown = gmail.rows.filter((r) => r.status === 'unknown').map((r) => r.requirement);
    expect(unknown).toEqual(['dmarc-aligned', 'tls', 'format', 'one-click', 'arc', 'spam-rate']);
    expect(gmail.verdict).toBe('unknown');
    expect(failures(providers)).toEqual([]);
  });

  it('without the server IP, SPF and reverse DNS are unknown', async () => {
    const domain = await runDomainCheck({ domain: good.domain, selectors: [good.selector] }, opts());
    const gmail = providerVerdicts({ domain })[0]!;
    expect(gmail.rows.find((r) => r.requirement === 'spf')).toMatchObject({ status: 'unknown', from: ['domain'] });
    expect(gmail.rows.find((r) => r.requirement === 'ptr')?.status).toBe('unknown');
  });

  it('a DNS timeout is unknown, and scores no higher than the same check failing', async () => {
    const { domain, providers } = await evidence(slowDns, null);
    expect(domain.checks.find((c) => c.id === 'spf')?.status).toBe('error');
    expect(providers[0]!.rows.find((r) => r.requirement === 'spf')?.status).toBe('unknown');
    const timedOut = scoreDomainReport(domain);
    const failed = scoreDomainReport((await evidence(noSpf, null)).domain);
    expect(timedOut.value).toBeLessThanOrEqual(failed.value);
    expect(timedOut.lines.find((l) => l.group === 'spf')).toMatchObject({ untested: true, points: 3 });
  });
});
