import type { DnsOutcome } from '../../dns/types';
import type { CheckContext } from '../types';
import { looksLikeDkim, parseDkimRecord, type DkimParse } from './parse';
import { joinTxt } from '../../dns/txt';

/** What DNS said at <selector>._domainkey.<domain>, with the DKIM-looking TXT records parsed. */
export interface SelectorLookup {
  selector: string;
  name: string;
  dns: DnsOutcome;
  /** CNAME chain the answer followed (ESPs usually delegate selectors this way). */
  cnames: string[];
  /** Every TXT record at the name: joined text and the character-strings as published. */
  txt: { text: string; strings: string[] }[];
  /** The TXT records that look like DKIM keys, parsed. */
  keys: DkimParse[];
  message?: string;
}

export function selectorName(selector: string, domain: string): string {
  return `${selector}._domainkey.${domain}`;
}

/** Fetch layer: one TXT question; never throws (ctx.dns.query never does). */
export async function lookupSelector(ctx: CheckContext, domain: string, selector: string): Promise<SelectorLookup> {
  const name = selectorName(selector, domain);
  const answer = await ctx.dns.query(name, 'TXT');
  const txt = answer.records.flatMap((r) => (r.type === 'TXT' ? [{ text: joinTxt(r.data), strings: r.data }] : []));
  const keys = txt.filter((t) => looksLikeDkim(t.text)).map((t) => parseDkimRecord(t.text));
  return { selector, name, dns: answer.outcome, cnames: answer.cnames, txt, keys, ...(answer.message ? { message: answer.message } : {}) };
}
