/**
 * mxray's own receipt of a test message: the SMTP facts the listener saw, and DNS facts about the
 * connecting IP (reverse DNS with FCrDNS, the HELO name, DNS blocklists) — what mail-tester and
 * aboutmy.email lead with.
 *
 * The DNS facts are looked up while the message is analysed, before the 250: the sender learns the
 * message is stored only once its whole report is, and the lookups run beside the analysis's own
 * (SPF, DKIM, DMARC), each under the resolver's deadline and the blocklists' per-list deadline, so
 * they add little to the time to 250 and nothing when answers are cached (bench/README.md).
 */
import { checkDnsbl, type SweepResult } from '../checks/dnsbl';
import { checkFcrdns } from '../checks/fcrdns';
import type { CheckContext } from '../checks/types';
import type { DnsCache } from '../dns/cache';
import { SpfMemo } from '../message/spf-memo';
import type { Receipt } from '../message/types';
import { classifyRecipient } from './token';

export type ReceiptDns = Pick<Receipt, 'rdns' | 'dnsbl'>;

/** A recipient as shown in a report: test addresses without their token. */
export function shownRecipient(address: string, mailDomain: string): string {
  return classifyRecipient(address, mailDomain).kind === 'test-address' ? `t-…@${mailDomain}` : address;
}

interface Remembered {
  status: { result: 'ok' | 'temperror' };
  dns: ReceiptDns;
}
const memos = new WeakMap<DnsCache, SpfMemo<Remembered>>();

/**
 * The connecting IP's DNS lines. A relay that sends many messages from one IP asks once per DNS
 * cache lifetime: the lines are remembered beside the answers they come from (same cache object,
 * same lifetime), as verify.ts does for SPF; "could not test" outcomes are not remembered.
 */
export async function receiptDns(ctx: CheckContext, ip: string, helo: string): Promise<ReceiptDns> {
  const cache = ctx.dns.reusableCache;
  if (!cache) return lookUp(ctx, ip, helo);
  let memo = memos.get(cache);
  if (!memo) memos.set(cache, (memo = new SpfMemo<Remembered>()));
  const r = await memo.get(`${ip}|${helo.toLowerCase()}`, ctx.dns.config.cacheMaxTtlSec, async () => {
    const dns = await lookUp(ctx, ip, helo);
    return { status: { result: dns.rdns?.status === 'error' || dns.dnsbl?.status === 'error' ? 'temperror' : 'ok' }, dns };
  });
  return r.dns;
}

async function lookUp(ctx: CheckContext, ip: string, helo: string): Promise<ReceiptDns> {
  const [fc, bl] = await Promise.all([checkFcrdns(ctx, { ip, heloName: helo }), checkDnsbl(ctx, { ip })]);
  const data = fc.data;
  // A configuration error comes back without a sweep: no listings to show then.
  const listings = (bl.data as SweepResult | undefined)?.listings ?? [];
  return {
    rdns: {
      names: data?.ptrNames ?? [],
      confirmed: data?.confirmed ?? false,
      heloMatches: !!data?.helo && (data.helo.matchesPtr || data.helo.resolvesToIp),
      status: fc.status,
      summary: fc.summary,
    },
    dnsbl: { status: bl.status, listed: listings.filter((l) => l.listed && l.effect !== 'allow').map((l) => l.zone), checked: listings.length, summary: bl.summary },
  };
}
