import { normalizeIp, reverseName } from '../../dns/ip';
import { isQueryableName } from '../../dns/names';
import type { DnsAnswer } from '../../dns/types';
import type { CheckContext, CheckResult } from '../types';
import { evaluateFcrdns, type FcrdnsData, type ForwardLookup } from './evaluate';

export type { FcrdnsData, ForwardLookup } from './evaluate';

export interface FcrdnsInput {
  ip: string;
  /** The name the server says in HELO/EHLO, if known, to compare with the PTR. */
  heloName?: string;
  domain?: string;
}

/** Receivers look up at most a handful of PTR names; a longer list is itself the problem. */
const MAX_PTR_NAMES = 10;

/** IP → PTR → A/AAAA → IP: does the sending server's reverse DNS confirm itself? */
export async function checkFcrdns(ctx: CheckContext, input: FcrdnsInput): Promise<CheckResult<FcrdnsData>> {
  const ip = normalizeIp(input.ip);
  if (!ip.ok) {
    return {
      id: 'fcrdns',
      status: 'error',
      title: 'Reverse DNS (FCrDNS)',
      summary: ip.error,
      findings: [{ code: 'fcrdns.bad-ip', severity: 'error', detail: ip.error }],
      records: [],
    };
  }
  const addrType = ip.version === 4 ? 'A' : 'AAAA';
  const helo = parseHelo(input.heloName);

  // The PTR and the HELO name's address are independent: ask both at once.
  const [ptr, heloAnswer] = await Promise.all([
    ctx.dns.query(reverseName(ip.ip), 'PTR'),
    helo?.kind === 'name' ? ctx.dns.query(helo.name, addrType) : undefined,
  ]);
  const names = [...new Set(ptr.records.flatMap((r) => (r.type === 'PTR' ? [r.data.toLowerCase()] : [])))];
  const forward = await Promise.all(
    names.slice(0, MAX_PTR_NAMES).map(async (name): Promise<ForwardLookup> => {
      const a = await ctx.dns.query(name, addrType);
      const addresses = addressesOf(a);
      return { name, outcome: a.outcome, addresses, matches: addresses.some((x) => sameIp(x, ip.ip)) };
    }),
  );
  return evaluateFcrdns({
    ip: ip.ip,
    version: ip.version,
    ...(input.domain ? { domain: input.domain.toLowerCase().replace(/\.$/, '') } : {}),
    ptr: { outcome: ptr.outcome, names, message: ptr.message },
    forward,
    ...(helo ? { helo: { name: helo.name, outcome: heloAnswer?.outcome, addresses: helo.kind === 'literal' ? [helo.ip] : heloAnswer ? addressesOf(heloAnswer).map(canonical) : [] } } : {}),
  });
}

/** A HELO name to look up, or an address literal ("[192.0.2.1]") that needs no lookup; junk is ignored. */
function parseHelo(helo: string | undefined): { kind: 'name'; name: string } | { kind: 'literal'; name: string; ip: string } | undefined {
  const h = helo?.trim().toLowerCase().replace(/\.$/, '');
  if (!h) return undefined;
  const literal = normalizeIp(h.replace(/^\[ipv6:/, '['));
  if (/^\[.*\]$/.test(h) && literal.ok) return { kind: 'literal', name: h, ip: literal.ip };
  if (/^[a-z0-9._-]+$/.test(h) && isQueryableName(h) && !literal.ok) return { kind: 'name', name: h };
  return undefined;
}

function addressesOf(a: DnsAnswer): string[] {
  return a.records.flatMap((r) => (r.type === a.type ? [r.data as string] : []));
}

function canonical(ip: string): string {
  const n = normalizeIp(ip);
  return n.ok ? n.ip : ip;
}

function sameIp(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}
