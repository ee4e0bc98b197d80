/**
 * Link domains in a message body: where its links point, whether that is the sender's own
 * organisation, and whether it is a URL shortener (which hides the destination, so filters
 * distrust it).
 */
import { orgDomain } from '../checks/dmarc/org-domain';

/** Public URL shorteners (the hosts filters and blocklists treat as hiding the destination). */
export const SHORTENERS = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at',
  'tiny.cc', 'bit.do', 'rb.gy', 't.ly', 's.id', 'lnkd.in', 'v.gd', 'shorte.st', 'adf.ly', 'trib.al', 'soo.gd', 'clck.ru', 'qr.ae',
]);

/** At most this many distinct link domains are reported (and looked up on blocklists). */
export const MAX_LINK_DOMAINS = 20;

const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const BARE_URL = /\bhttps?:\/\/[^\s<>"'()[\]{}]+/gi;

function hostOf(url: string): string | undefined {
  const u = url.trim().replace(/&amp;/gi, '&');
  if (!/^https?:\/\//i.test(u)) return undefined;
  try {
    const host = new URL(u).hostname.toLowerCase().replace(/\.$/, '');
    return host && !/^\[|^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Link hosts with how often each appears, from HTML hrefs and bare URLs in the text. */
export function linkHosts(html: string | undefined, text: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (url: string) => {
    const h = hostOf(url);
    if (h) counts.set(h, (counts.get(h) ?? 0) + 1);
  };
  if (html) for (const m of html.matchAll(HREF)) add(m[1] ?? m[2] ?? m[3] ?? '');
  if (text) for (const m of text.matchAll(BARE_URL)) add(m[0]);
  return counts;
}

export interface LinkDomain {
  domain: string;
  count: number;
  aligned: boolean;
  shortener: boolean;
}

/** Group hosts by registered domain and compare each with the From domain's organisation. */
export function linkDomains(hosts: Map<string, number>, fromDomain: string | undefined): LinkDomain[] {
  const fromOrg = fromDomain ? (orgDomain(fromDomain) ?? fromDomain) : undefined;
  const byDomain = new Map<string, LinkDomain>();
  for (const [host, count] of hosts) {
    const domain = orgDomain(host) ?? host;
    const d = byDomain.get(domain) ?? { domain, count: 0, aligned: domain === fromOrg, shortener: SHORTENERS.has(host) || SHORTENERS.has(domain) };
    d.count += count;
    byDomain.set(domain, d);
  }
  return [...byDomain.values()].sort((a, b) => b.count - a.count).slice(0, MAX_LINK_DOMAINS);
}
