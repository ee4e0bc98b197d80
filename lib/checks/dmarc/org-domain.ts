import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';

/**
 * The RFC 7489 reading only. RFC 9989 replaced the Public Suffix List with the DNS tree walk
 * (tree-walk.ts), which is what mxray applies; this module answers "what does a receiver still on
 * RFC 7489 decide?", reported beside it because both kinds of receivers will be around for years.
 *
 * The Organizational Domain of RFC 7489 §3.2: the public suffix (longest matching Public Suffix
 * List rule, "*" when none matches) plus one label. Returns null when there is none: the name is a
 * public suffix itself, an IP address, a single label, or not a host name.
 *
 * The PSL comes from the installed tldts package. Its private section is included
 * (allowPrivateDomains): user.github.io and other.github.io belong to different owners, so DMARC
 * must not treat github.io's record as theirs. That also matches the PSL project's own test
 * cases (/work/shared/corpora/dmarc/psl/tests-tests.txt), which this module passes.
 *
 * Differences from calling tldts directly, both required by those tests: names are lower-cased
 * first (tldts keeps the case it was given), and a name with an empty label (".example.com",
 * "a..b") has no org domain (tldts ignores the leading dot). IDNs come back as A-labels
 * (punycode), the form we query DNS with.
 */
export function orgDomain(name: string): string | null {
  const n = name.trim().replace(/\.$/, '').toLowerCase();
  if (n === '' || n.split('.').some((l) => l === '')) return null;
  const ascii = /[^\x00-\x7f]/.test(n) ? domainToASCII(n) : n;
  if (!ascii) return null;
  const d = getDomain(ascii, { allowPrivateDomains: true, extractHostname: false });
  return d ? d.toLowerCase() : null;
}

/** Do two names share an Organizational Domain (relaxed alignment, RFC 7489 §3.1)? */
export function sameOrganization(a: string, b: string): boolean {
  const oa = orgDomain(a);
  return oa !== null && oa === orgDomain(b);
}
