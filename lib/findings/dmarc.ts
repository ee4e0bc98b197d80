import type { Catalog } from './types';

const RFC7489 = 'https://www.rfc-editor.org/rfc/rfc7489';
const RFC9989 = 'https://www.rfc-editor.org/rfc/rfc9989';
const RFC9990 = 'https://www.rfc-editor.org/rfc/rfc9990';
const TAGS = `${RFC9989}#section-4.7`;
const DISCOVERY = `${RFC9989}#section-4.10.1`;
const TREE_WALK = `${RFC9989}#section-4.10`;
const EXTERNAL = `${RFC9990}#section-4`;

/** DMARC findings (lib/checks/dmarc). The exact record to publish is in the check's `fix`. */
export const dmarcFindings: Catalog = {
  'dmarc.enforced': {
    title: 'DMARC policy enforced',
    why: 'Receivers quarantine or reject mail that claims to be from your domain but passes neither aligned SPF nor aligned DKIM. This is what stops others from sending as you.',
    ref: TAGS,
  },
  'dmarc.missing': {
    title: 'No DMARC record',
    why: 'Without DMARC, receivers have no instruction for mail that fails SPF and DKIM, you get no reports about who sends as your domain, and Gmail and Yahoo require a DMARC record from bulk senders.',
    fix: 'Publish the starter record below: p=none only collects reports. Move to quarantine once the reports show your real mail passes.',
    ref: DISCOVERY,
  },
  'dmarc.lookup-error': {
    title: 'Could not look up DMARC',
    why: 'The DNS lookup timed out or failed (SERVFAIL), so mxray could not test the policy. This is not a verdict on your record; receivers that hit the same failure treat DMARC as a temporary error.',
    fix: 'Check again in a few minutes; if it persists, check that your name servers answer for _dmarc names.',
  },
  'dmarc.multiple-records': {
    title: 'More than one DMARC record',
    why: 'When _dmarc holds more than one v=DMARC1 record, receivers discard all of them: RFC 9989 receivers then fall back to a parent domain\'s record, if the tree walk finds one; RFC 7489 receivers apply no policy at all.',
    fix: 'Delete all but one; merge what you need into the record below.',
    ref: DISCOVERY,
  },
  'dmarc.bad-version': {
    title: 'DMARC record ignored (version)',
    why: 'A DMARC record must start with exactly v=DMARC1 followed by ";". Records with another version, lower-case dmarc1, or v= later in the record are discarded by receivers.',
    fix: 'Publish the corrected record below.',
    ref: DISCOVERY,
  },
  'dmarc.policy-missing': {
    title: 'No p= policy',
    why: 'RFC 9989 reads a record without p= as p=none. RFC 7489 required p=: its receivers treat such a record as p=none only if it has a usable rua=, and ignore DMARC entirely otherwise.',
    fix: 'Add p=none (to monitor) or p=quarantine / p=reject (to enforce) right after v=DMARC1.',
    ref: TAGS,
  },
  'dmarc.policy-invalid': {
    title: 'Invalid p= policy',
    why: 'p= must be none, quarantine or reject. Any other value (including abbreviations like p=n that some software accepts) makes receivers fall back to p=none or ignore the record.',
    fix: 'Spell the policy out: p=none, p=quarantine or p=reject.',
    ref: TAGS,
  },
  'dmarc.subdomain-policy-invalid': {
    title: 'Invalid sp= policy',
    why: 'sp= must be none, quarantine or reject; an invalid sp= (or np=) makes receivers treat the whole record like one with an invalid p= (RFC 9989 §4.10.1).',
    fix: 'Fix or remove sp=.',
    ref: TAGS,
  },
  'dmarc.policy-none': {
    title: 'DMARC policy is none (monitoring only)',
    why: 'p=none asks receivers to take no action on failing mail: it is the right first step to collect reports, but it does not stop anyone from sending as your domain.',
    fix: 'Read the aggregate reports (rua=) for a few weeks; when all your real senders pass DMARC, publish p=quarantine (record below), then p=reject.',
    ref: TAGS,
  },
  'dmarc.inherited': {
    title: 'Policy inherited from the organizational domain',
    why: 'There is no _dmarc record for this exact name, so receivers use the record of its organizational domain, found by walking up the DNS tree (RFC 9989), or of a public suffix domain (psd=y) above it: sp= for an existing name, np= for one that does not exist.',
    fix: 'Nothing to do if that policy suits this subdomain; publish a _dmarc record for it to set a different one.',
    ref: DISCOVERY,
  },
  'dmarc.subdomain-none': {
    title: 'Subdomains not protected (sp=none)',
    why: 'sp=none exempts subdomains that have no record of their own, so anyone can send as any.subdomain.of.your.domain without consequence.',
    fix: 'Remove sp=none (subdomains then inherit p=) unless a subdomain still sends unauthenticated mail.',
    ref: TAGS,
  },
  'dmarc.pct-partial': {
    title: 'pct= read differently by old and new receivers',
    why: 'RFC 9989 removed pct because receivers handled it inconsistently: its receivers apply the policy to all failing mail, while RFC 7489 receivers still apply it to that share only. Use t=y to test a policy instead.',
    fix: 'Remove pct (or set it to 100) once you are confident; use t=y while testing.',
    ref: `${RFC9989}#appendix-A.6`,
  },
  'dmarc.testing': {
    title: 'DMARC in test mode (t=y)',
    why: 'RFC 9989 t=y asks receivers to apply one step less than your policy while you test. RFC 7489 receivers do not know t= and apply the policy as published.',
    fix: 'Remove t=y when you are ready to enforce.',
    ref: TAGS,
  },
  'dmarc.no-rua': {
    title: 'No aggregate reports',
    why: 'Without a usable rua= address you get no daily aggregate reports from receivers (XML, namespace urn:ietf:params:xml:ns:dmarc-2.0 under RFC 9990; older reporters send the RFC 7489 format without it), so you cannot tell which of your senders fail DMARC or who is spoofing you, nor safely tighten the policy.',
    fix: 'Add rua=mailto:<address you read>; the record below suggests dmarc-reports@ at your domain. Make sure whatever reads the reports accepts both formats.',
    ref: `${RFC9990}#section-3`,
  },
  'dmarc.uri-invalid': {
    title: 'Malformed report address',
    why: 'A rua=/ruf= entry is not a valid mailto: URI, so receivers skip it.',
    fix: 'Write each address as mailto:name@example.com, separated by commas (the "!10m" size suffix of RFC 7489 is obsolete).',
    ref: TAGS,
  },
  'dmarc.uri-not-mailto': {
    title: 'Report address is not mailto:',
    why: 'Receivers deliver DMARC reports by email only; other URI schemes are skipped.',
    fix: 'Use a mailto: address.',
    ref: `${RFC7489}#section-6.2`,
  },
  'dmarc.tag-invalid': {
    title: 'Invalid tag value',
    why: 'A tag has a value DMARC does not define; receivers ignore it and use the default.',
    fix: 'Correct or remove the tag (the record below drops it).',
    ref: TAGS,
  },
  'dmarc.unknown-tag': {
    title: 'Unknown tag (ignored)',
    why: 'RFC 9989 receivers must ignore tags DMARC does not define, so it does no harm; but it is often a typo of a real tag, which then has no effect.',
    fix: 'Remove it or correct the spelling.',
    ref: TAGS,
  },
  'dmarc.syntax': {
    title: 'Malformed part of the record',
    why: 'DMARC records are name=value tags separated by ";". A part that is not in that form is ignored.',
    fix: 'Publish the cleaned-up record below.',
    ref: `${RFC7489}#section-6.4`,
  },
  'dmarc.duplicate-tag': {
    title: 'Tag given twice',
    why: 'When a tag appears twice, receivers may use either value.',
    fix: 'Keep one.',
    ref: `${RFC7489}#section-6.4`,
  },
  'dmarc.fo-without-ruf': {
    title: 'fo= without a failure-report address',
    why: 'fo= only chooses when failure reports are generated; with no ruf= address it has no effect.',
  },
  'dmarc.external-authorised': {
    title: 'External report address authorised',
    why: 'The report destination is outside your domain and has published the record that tells receivers it accepts your reports.',
    ref: EXTERNAL,
  },
  'dmarc.external-unauthorised': {
    title: 'External report address not authorised',
    why: 'Reports to an address outside your organizational domain are only sent if that domain publishes <your domain>._report._dmarc.<its domain> TXT "v=DMARC1" (or a wildcard *._report._dmarc.<its domain>). Without it, receivers drop your reports.',
    fix: 'Ask the destination (usually your report service) to publish the record below, or send reports to an address at your own domain.',
    ref: EXTERNAL,
  },
  'dmarc.external-lookup-error': {
    title: 'Could not check a report destination',
    why: 'The authorisation lookup for an external report address timed out or failed, so mxray could not test it.',
    fix: 'Check again later.',
    ref: EXTERNAL,
  },
  'dmarc.removed-tag': {
    title: 'Tag removed in RFC 9989 (harmless)',
    why: 'RFC 9989 removed pct, rf and ri, and RFC 9990 the "!size" suffix of report addresses: new receivers ignore them, older RFC 7489 receivers still read them. Leaving them in does no harm.',
    fix: 'Nothing required; drop them when no receiver you care about still reads RFC 7489 records.',
    ref: `${RFC9989}#appendix-C`,
  },
  'dmarc.rfc7489-differs': {
    title: 'Old and new receivers read this differently',
    why: 'RFC 9989 finds the organizational domain by walking the DNS tree (and honours psd=, np=, t=); RFC 7489 receivers use the Public Suffix List. Receivers will run both for years, so mail from this name may be treated differently by different receivers.',
    fix: 'Publish a record at the name itself (or psd=n at the organizational domain) so both kinds of receivers find the same policy.',
    ref: TREE_WALK,
  },
  'dmarc.psd': {
    title: 'Public suffix domain record (psd=y)',
    why: 'psd=y marks a public suffix domain (such as a registry\'s TLD): the names registered below it are separate organizations, and this policy applies to them only when they publish none.',
    ref: `${RFC9989}#section-4.7`,
  },
};
