import { checkBimi } from '../checks/bimi';
import { checkDane } from '../checks/dane';
import { checkDkim } from '../checks/dkim';
import { checkDmarc } from '../checks/dmarc';
import { checkDnsbl } from '../checks/dnsbl';
import { checkDnssec } from '../checks/dnssec';
import { checkDomainBlocklists } from '../checks/dnsbl/domain';
import { checkFcrdns } from '../checks/fcrdns';
import { checkMtaSts } from '../checks/mta-sts';
import { checkMx } from '../checks/mx';
import { runCheck } from '../checks/run';
import { proveFix } from '../fixes/prove';
import { checkSpf } from '../checks/spf';
import { checkTlsRpt } from '../checks/tls-rpt';
import { worst, type CheckContext, type CheckId, type CheckResult } from '../checks/types';
import { normalizeDomain } from '../dns/names';
import { normalizeIp } from '../dns/ip';
import { createCheckContext, type ContextOptions } from './context';
import type { DomainCheckInput, DomainReport } from './types';

export class InputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Validate and normalise user input; throws InputError with a sentence for the user. */
export function validateDomainInput(input: DomainCheckInput): DomainCheckInput & { domainInput?: string } {
  const d = normalizeDomain(input.domain ?? '');
  if (!d.ok) throw new InputError('domain', d.error);
  let ip: string | undefined;
  if (input.ip !== undefined && input.ip.trim() !== '') {
    const r = normalizeIp(input.ip);
    if (!r.ok) throw new InputError('ip', r.error);
    ip = r.ip;
  }
  const selectors = (input.selectors ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const s of selectors) {
    if (s.length > 63 * 3 || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(s)) throw new InputError('selectors', `"${s.slice(0, 60)}" is not a valid DKIM selector (letters, digits, - and _, dot-separated).`);
  }
  if (selectors.length > 40) throw new InputError('selectors', `At most 40 selectors per check (got ${selectors.length}).`);
  return { ...input, domain: d.name, ip, selectors: [...new Set(selectors)], domainInput: d.punycode?.from };
}

type Job = { id: CheckId; title: string; run: (ctx: CheckContext) => Promise<CheckResult> };

/** The checks a domain(+IP) report runs, in display order. All start at once. */
export function domainJobs(input: DomainCheckInput): Job[] {
  const { domain, ip } = input;
  const jobs: Job[] = [
    { id: 'spf', title: 'SPF', run: (ctx) => checkSpf(ctx, { domain, ip, sender: input.sender, helo: input.helo }) },
    { id: 'dkim', title: 'DKIM', run: (ctx) => checkDkim(ctx, { domain, selectors: input.selectors }) },
    { id: 'dmarc', title: 'DMARC', run: (ctx) => checkDmarc(ctx, { domain }) },
    { id: 'mx', title: 'MX (receiving mail)', run: (ctx) => checkMx(ctx, { domain }) },
  ];
  if (ip) {
    jobs.push({ id: 'fcrdns', title: 'Reverse DNS (FCrDNS)', run: (ctx) => checkFcrdns(ctx, { ip, domain, heloName: input.helo }) });
    jobs.push({ id: 'dnsbl', title: 'IP blocklists (DNSBL)', run: (ctx) => checkDnsbl(ctx, { ip }) });
  }
  jobs.push(
    { id: 'dnsbl-domain', title: 'Domain blocklists', run: (ctx) => checkDomainBlocklists(ctx, { domain }) },
    { id: 'mta-sts', title: 'MTA-STS', run: (ctx) => checkMtaSts(ctx, { domain }) },
    { id: 'tls-rpt', title: 'TLS-RPT', run: (ctx) => checkTlsRpt(ctx, { domain }) },
    { id: 'bimi', title: 'BIMI', run: (ctx) => checkBimi(ctx, { domain }) },
    { id: 'dnssec', title: 'DNSSEC', run: (ctx) => checkDnssec(ctx, { domain }) },
    { id: 'dane', title: 'DANE for MX (TLSA)', run: (ctx) => checkDane(ctx, { domain }) },
  );
  return jobs;
}

export interface RunOptions extends ContextOptions {
  /** Called as each check finishes (for streaming to the browser). */
  onCheck?: (result: CheckResult) => void;
}

export async function runDomainCheck(raw: DomainCheckInput, opts: RunOptions = {}): Promise<DomainReport> {
  const input = validateDomainInput(raw);
  const ctx = createCheckContext(opts);
  const started = Date.now();
  const jobs = domainJobs(input);
  const checks = await Promise.all(
    jobs.map(async (job) => {
      const result = await proveFix(await runCheck(job.id, job.title, ctx, job.run), ctx, job.run);
      opts.onCheck?.(result);
      return result;
    }),
  );
  const servers = ctx.dns.config.servers.map((s) => `${s.host}:${s.port}`);
  return {
    kind: 'check',
    domain: input.domain,
    ...(input.domainInput ? { domainInput: input.domainInput } : {}),
    ...(input.ip ? { ip: input.ip } : {}),
    ...(input.selectors?.length ? { selectors: input.selectors } : {}),
    takenAt: ctx.now.toISOString(),
    status: worst(checks.map((c) => c.status)),
    checks,
    dns: { ...ctx.dns.stats, servers, trace: ctx.dns.trace },
    ms: Date.now() - started,
    ...dnsNotice(ctx.dns.trace, servers),
  };
}

/**
 * When not one question got an answer, every check says "could not test" for the same reason:
 * the resolver is unreachable. Say that once, with what to fix, instead of leaving the user to
 * infer it from ten timeouts.
 */
export function dnsNotice(trace: { outcome: string }[], servers: string[]): { notice?: { code: string; message: string } } {
  if (trace.length === 0 || !trace.every((q) => q.outcome === 'TIMEOUT' || q.outcome === 'NETWORK')) return {};
  return {
    notice: {
      code: 'dns.unreachable',
      message: `No DNS server answered any of mxray's ${trace.length} questions (asked ${servers.join(', ')}). This says nothing about the domain: check this machine's network, or point MXRAY_DNS_SERVERS at a resolver that answers.`,
    },
  };
}
