import type { Catalog } from './types';

const RFC7489 = 'https://www.rfc-editor.org/rfc/rfc7489';
const TAGS = `${RFC7489}#section-6.3`;
const DISCOVERY = `${RFC7489}#section-6.6.3`;

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
    why: 'When _dmarc holds more than one v=DMARC1 record, receivers apply none of them (RFC 7489 §6.6.3): the domain ends up with no policy at all.',
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
    why: 'p= is required. Without it, receivers treat the record as p=none if it has a usable rua=, and ignore DMARC entirely otherwise.',
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
    why: 'sp= must be none, quarantine or reject; an invalid sp= makes receivers treat the whole record like an invalid one (RFC 7489 §6.6.3).',
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
    why: 'There is no _dmarc record for this exact name, so receivers use the record of its organizational domain (found with the Public Suffix List) and its sp= policy.',
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
    title: 'Policy applied to only part of the mail',
    why: 'pct below 100 applies the policy to that share of failing mail only; DMARCbis dropped pct because receivers handled it inconsistently.',
    fix: 'Raise pct to 100 (or remove it) once you are confident.',
    ref: TAGS,
  },
  'dmarc.testing': {
    title: 'DMARC in test mode (t=y)',
    why: 'DMARCbis t=y asks receivers to apply one step less than your policy while you test.',
    fix: 'Remove t=y when you are ready to enforce.',
  },
  'dmarc.no-rua': {
    title: 'No aggregate reports',
    why: 'Without a usable rua= address you get no daily reports from receivers, so you cannot tell which of your senders fail DMARC or who is spoofing you, nor safely tighten the policy.',
    fix: 'Add rua=mailto:<address you read>; the record below suggests dmarc-reports@ at your domain.',
    ref: `${RFC7489}#section-7.2`,
  },
  'dmarc.uri-invalid': {
    title: 'Malformed report address',
    why: 'A rua=/ruf= entry is not a valid mailto: URI, so receivers skip it.',
    fix: 'Write each address as mailto:name@example.com, separated by commas; an optional size limit goes after "!", e.g. mailto:a@example.com!10m.',
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
    title: 'Unknown tag',
    why: 'Receivers ignore tags DMARC does not define; usually a typo of a real tag, which then has no effect.',
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
    ref: `${RFC7489}#section-7.1`,
  },
  'dmarc.external-unauthorised': {
    title: 'External report address not authorised',
    why: 'Reports to an address outside your organizational domain are only sent if that domain publishes <your domain>._report._dmarc.<its domain> TXT "v=DMARC1". Without it, receivers drop your reports.',
    fix: 'Ask the destination (usually your report service) to publish the record below, or send reports to an address at your own domain.',
    ref: `${RFC7489}#section-7.1`,
  },
  'dmarc.external-lookup-error': {
    title: 'Could not check a report destination',
    why: 'The authorisation lookup for an external report address timed out or failed, so mxray could not test it.',
    fix: 'Check again later.',
    ref: `${RFC7489}#section-7.1`,
  },
};
