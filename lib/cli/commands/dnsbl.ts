import { isIP } from 'node:net';
import { parse, UsageError, type Io } from '../args';
import { USAGE } from '../usage';
import { exitCodeFor, formatCheck } from '../print';
import { checkDnsbl } from '../../checks/dnsbl';
import { checkDomainBlocklists } from '../../checks/dnsbl/domain';
import type { SweepResult } from '../../checks/dnsbl/types';
import { normalizeIp } from '../../dns/ip';
import { normalizeDomain } from '../../dns/names';
import { createCheckContext } from '../../report/context';

export const usage = USAGE['dnsbl'];

/** `mxray dnsbl`: the blocklist sweep for an address (IP lists) or a domain (domain lists). */
export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('expected one IP address or domain');
  const target = positionals[0]!.trim();
  const ctx = createCheckContext();
  let result;
  if (isIP(target.replace(/^\[(.*)\]$/, '$1')) || /^[\d.]+$/.test(target)) {
    const ip = normalizeIp(target);
    if (!ip.ok) throw new UsageError(ip.error);
    result = await checkDnsbl(ctx, { ip: ip.ip });
  } else {
    const d = normalizeDomain(target);
    if (!d.ok) throw new UsageError(d.error);
    result = await checkDomainBlocklists(ctx, { domain: d.name });
  }
  const sweep = result.data as SweepResult | undefined;
  if (result.findings.some((f) => f.code === 'dnsbl.config-error')) {
    io.err(`mxray dnsbl: ${result.findings[0]!.detail}`);
    return 2;
  }
  if (values.json) {
    const listings = (sweep?.listings ?? []).map((l) => ({ zone: l.zone, name: l.name, operator: l.operator, query: l.query, listed: l.listed, status: l.status, codes: l.codes, meaning: l.meaning, ...(l.effect ? { effect: l.effect } : {}), ...(l.scope ? { scope: l.scope } : {}), delist: l.delist, ms: l.ms, ...(l.testPoints ? { testPoints: l.testPoints } : {}) }));
    io.out(JSON.stringify({ target: sweep?.target ?? target, kind: sweep?.kind, status: result.status, summary: result.summary, listings, skipped: sweep?.skipped ?? [], deadlineMs: sweep?.deadlineMs, ms: sweep?.ms }, null, 2));
  } else {
    io.out(formatCheck(result, io.color));
    for (const l of sweep?.listings ?? []) {
      const codes = l.codes.length ? ` ${l.codes.join(',')}` : '';
      io.out(`    ${l.status.padEnd(8)} ${l.zone}${codes}  (${l.ms} ms)`);
    }
    for (const s of sweep?.skipped ?? []) io.out(`    skipped  ${s.zone}: ${s.reason}`);
  }
  return exitCodeFor([result.status]);
}
