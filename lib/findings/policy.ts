import type { Catalog } from './types';

const RFC8461 = 'https://www.rfc-editor.org/rfc/rfc8461';
const RFC8461_31 = 'https://www.rfc-editor.org/rfc/rfc8461#section-3.1';
const RFC8461_32 = 'https://www.rfc-editor.org/rfc/rfc8461#section-3.2';
const RFC8461_33 = 'https://www.rfc-editor.org/rfc/rfc8461#section-3.3';
const RFC8461_41 = 'https://www.rfc-editor.org/rfc/rfc8461#section-4.1';
const RFC8460_3 = 'https://www.rfc-editor.org/rfc/rfc8460#section-3';
const BIMI = 'https://datatracker.ietf.org/doc/draft-brand-indicators-for-message-identification/';

/** MTA-STS (RFC 8461), TLS-RPT (RFC 8460) and BIMI: optional policies a domain publishes. */
export const policyFindings: Catalog = {
  // MTA-STS
  'mta-sts.ok': {
    title: 'MTA-STS policy is valid and covers every MX',
    why: 'Senders that support MTA-STS deliver to this domain only over TLS with a valid certificate, so an attacker on the path cannot downgrade or redirect mail.',
    ref: RFC8461,
  },
  'mta-sts.absent': {
    title: 'No MTA-STS policy (optional)',
    why: 'Without MTA-STS, sending servers use TLS opportunistically: an attacker who can strip STARTTLS or fake DNS can read or redirect mail in transit. MTA-STS is optional but recommended for domains that receive sensitive mail.',
    fix: 'Serve a policy file at https://mta-sts.<domain>/.well-known/mta-sts.txt (start with mode: testing) and publish the _mta-sts TXT record.',
    ref: RFC8461,
  },
  'mta-sts.lookup-error': {
    title: 'Could not look up MTA-STS',
    why: 'A DNS lookup for the MTA-STS record or the policy host timed out or failed, so this could not be tested.',
    fix: 'Check that the name servers answer, then run the check again.',
  },
  'mta-sts.record-multiple': {
    title: 'More than one MTA-STS record',
    why: 'RFC 8461 §3.1: when more than one TXT record starts with v=STSv1, senders assume there is no policy at all.',
    fix: 'Keep exactly one v=STSv1 record at _mta-sts.<domain>.',
    ref: RFC8461_31,
  },
  'mta-sts.record-invalid': {
    title: 'MTA-STS record is invalid',
    why: 'Senders ignore a _mta-sts record that does not follow RFC 8461 §3.1 (v=STSv1 first, then id= with 1-32 letters and digits, separated by ";"), so the policy is never used.',
    fix: 'Publish "v=STSv1; id=<new id>" at _mta-sts.<domain>. Change the id whenever the policy file changes.',
    ref: RFC8461_31,
  },
  'mta-sts.policy-host-missing': {
    title: 'The policy host mta-sts.<domain> does not resolve',
    why: 'The TXT record announces a policy, but senders cannot fetch it because mta-sts.<domain> has no address.',
    fix: 'Publish an A/AAAA (or CNAME) record for mta-sts.<domain> pointing at a web server that serves the policy over HTTPS.',
    ref: RFC8461_33,
  },
  'mta-sts.policy-host-refused': {
    title: 'mxray did not fetch the policy (private address)',
    why: 'mta-sts.<domain> resolves to a private, loopback or otherwise special-purpose address. mxray does not connect to those (so it cannot be used to probe internal networks), and senders on the internet cannot reach them either.',
    fix: 'Point mta-sts.<domain> at a public address. If you run mxray inside your own network on purpose, set MXRAY_ALLOW_PRIVATE_TARGETS=1.',
  },
  'mta-sts.policy-timeout': {
    title: 'The policy fetch timed out',
    why: 'The HTTPS server did not answer in time, so this could not be tested. Senders give up just as quickly and then use no policy (or a stale cached one).',
    fix: 'Check that the web server for mta-sts.<domain> answers on port 443 from the internet.',
    ref: RFC8461_33,
  },
  'mta-sts.policy-unreachable': {
    title: 'Could not connect to the policy server',
    why: 'No HTTPS server accepted the connection, so senders cannot fetch the policy.',
    fix: 'Run an HTTPS server for mta-sts.<domain> on port 443 (many hosts can serve a static file) and open the port.',
    ref: RFC8461_33,
  },
  'mta-sts.policy-cert-invalid': {
    title: 'The policy server certificate is not valid',
    why: 'RFC 8461 §3.3 requires HTTPS with a certificate that is valid for mta-sts.<domain> and chains to a trusted root. Senders refuse a policy served with a self-signed, expired or wrong-name certificate.',
    fix: 'Install a publicly trusted certificate whose names include mta-sts.<domain> (Let\'s Encrypt works).',
    ref: RFC8461_33,
  },
  'mta-sts.cert-expiring': {
    title: 'The policy server certificate expires soon',
    why: 'When it expires, senders can no longer fetch the policy.',
    fix: 'Renew the certificate for mta-sts.<domain> (automate renewal).',
  },
  'mta-sts.policy-too-large': {
    title: 'The policy file is too large',
    why: 'RFC 8461 §3.3 lets senders stop reading after 64 KiB; a larger answer is not a policy.',
    fix: 'Serve only the policy lines (version, mode, mx, max_age) at the policy URL.',
    ref: RFC8461_33,
  },
  'mta-sts.policy-redirect': {
    title: 'The policy URL redirects',
    why: 'RFC 8461 §3.3: senders must not follow HTTP redirects when fetching the policy, so a redirect means no policy.',
    fix: 'Serve the file directly at https://mta-sts.<domain>/.well-known/mta-sts.txt with status 200.',
    ref: RFC8461_33,
  },
  'mta-sts.policy-http-status': {
    title: 'The policy URL does not answer 200',
    why: 'Senders only accept a policy served with HTTP 200.',
    fix: 'Put the policy file at /.well-known/mta-sts.txt on the mta-sts.<domain> web server.',
    ref: RFC8461_33,
  },
  'mta-sts.policy-content-type': {
    title: 'The policy is not served as text/plain',
    why: 'RFC 8461 §3.2 says the policy is a text/plain resource; strict senders reject other media types.',
    fix: 'Configure the web server to send "Content-Type: text/plain" for mta-sts.txt.',
    ref: RFC8461_32,
  },
  'mta-sts.policy-invalid': {
    title: 'The policy file is invalid',
    why: 'Senders ignore a policy that lacks version: STSv1, a valid mode, max_age, or (in testing/enforce) at least one mx line.',
    fix: 'Serve a policy with the lines version, mode, one mx per MX host, and max_age, then change the TXT id.',
    ref: RFC8461_32,
  },
  'mta-sts.policy-warning': {
    title: 'The policy file has a questionable line',
    why: 'Senders ignore lines they do not recognise; a misspelt field name means that field is missing.',
    ref: RFC8461_32,
  },
  'mta-sts.mode-none': {
    title: 'MTA-STS mode is "none"',
    why: 'Mode none tells senders to forget the policy; it is how MTA-STS is withdrawn. Nothing is protected.',
    ref: RFC8461_32,
  },
  'mta-sts.mode-testing': {
    title: 'MTA-STS is in testing mode',
    why: 'Senders report TLS problems (through TLS-RPT) but still deliver without TLS when it fails. Use it to gain confidence, then switch to enforce.',
    ref: RFC8461_32,
  },
  'mta-sts.max-age-short': {
    title: 'The policy max_age is short',
    why: 'Senders cache the policy for max_age seconds. A short value means they often have none cached, which is when a downgrade attack works.',
    fix: 'Once the policy works, use a max_age of at least a week (604800), up to 31557600.',
    ref: RFC8461_32,
  },
  'mta-sts.mx-lookup-error': {
    title: 'Could not compare the policy with the MX hosts',
    why: 'The MX lookup failed, so mxray could not tell whether the policy covers every MX host.',
    fix: 'Run the check again once the MX lookup works.',
  },
  'mta-sts.mx-not-covered': {
    title: 'An MX host is not listed in the MTA-STS policy',
    why: 'Senders check every MX host against the policy\'s mx lines (RFC 8461 §4.1). In enforce mode they refuse to deliver to a host that does not match; in testing mode they report it as a failure.',
    fix: 'Add an "mx:" line for the host (or a "*.<parent>" pattern that covers it) and change the TXT id so senders refetch the policy.',
    ref: RFC8461_41,
  },

  // TLS-RPT
  'tls-rpt.ok': {
    title: 'TLS-RPT record is valid',
    why: 'Senders that support SMTP TLS Reporting send you daily reports of TLS successes and failures when delivering to this domain.',
    ref: RFC8460_3,
  },
  'tls-rpt.absent': {
    title: 'No TLS-RPT record (optional)',
    why: 'Without TLS-RPT you do not learn when senders fail to deliver to you over TLS (expired certificates, broken STARTTLS, MTA-STS mismatches). It is optional and costs one TXT record.',
    fix: 'Publish "v=TLSRPTv1; rua=mailto:<address>" at _smtp._tls.<domain>.',
    ref: RFC8460_3,
  },
  'tls-rpt.lookup-error': {
    title: 'Could not look up TLS-RPT',
    why: 'The TXT lookup for _smtp._tls timed out or failed, so this could not be tested.',
    fix: 'Check that the name servers answer, then run the check again.',
  },
  'tls-rpt.multiple': {
    title: 'More than one TLS-RPT record',
    why: 'RFC 8460 §3: when more than one TXT record starts with v=TLSRPTv1, senders send no reports.',
    fix: 'Merge them into one record; list several report addresses in one rua, separated by commas.',
    ref: RFC8460_3,
  },
  'tls-rpt.malformed': {
    title: 'TLS-RPT record is invalid',
    why: 'Senders ignore a record that does not start with v=TLSRPTv1 or whose rua= is not a list of mailto: or https: URIs, so no reports arrive.',
    fix: 'Publish "v=TLSRPTv1; rua=mailto:<address>" (several URIs separated by commas).',
    ref: RFC8460_3,
  },

  // BIMI
  'bimi.ok': {
    title: 'BIMI is set up',
    why: 'The BIMI record points at a logo and DMARC is at enforcement, so supporting mailboxes can show your logo next to authenticated mail.',
    ref: BIMI,
  },
  'bimi.absent': {
    title: 'No BIMI record (optional)',
    why: 'BIMI lets supporting mailboxes show your brand logo next to mail that passes DMARC. It is optional, and needs DMARC at enforcement first.',
    fix: 'Publish "v=BIMI1; l=<https URL of an SVG Tiny PS logo>; a=<https URL of a VMC/CMC>" at default._bimi.<domain>.',
    ref: BIMI,
  },
  'bimi.lookup-error': {
    title: 'Could not look up BIMI',
    why: 'The TXT lookup for default._bimi timed out or failed, so this could not be tested.',
    fix: 'Check that the name servers answer, then run the check again.',
  },
  'bimi.multiple': {
    title: 'More than one BIMI record',
    why: 'Mailbox providers use no logo when default._bimi holds more than one v=BIMI1 record.',
    fix: 'Keep exactly one BIMI record.',
    ref: BIMI,
  },
  'bimi.malformed': {
    title: 'BIMI record is invalid',
    why: 'A BIMI record needs v=BIMI1 first, then l= with an https:// URL of the SVG logo (and optionally a= with the https:// URL of the certificate). Mailboxes ignore an invalid record.',
    fix: 'Publish "v=BIMI1; l=https://…/logo.svg; a=https://…/vmc.pem".',
    ref: BIMI,
  },
  'bimi.declined': {
    title: 'BIMI declined',
    why: 'An empty record ("v=BIMI1; l=; a=") says the domain has no logo, which also stops providers from guessing one.',
    ref: BIMI,
  },
  'bimi.location-not-svg': {
    title: 'The BIMI logo URL looks wrong',
    why: 'BIMI logos must be SVG files in the SVG Tiny Portable/Secure profile; other formats are not shown.',
    fix: 'Convert the logo to SVG Tiny PS and point l= at the .svg file.',
    ref: BIMI,
  },
  'bimi.no-authority': {
    title: 'No VMC/CMC certificate (a=)',
    why: 'Gmail and Apple Mail show a BIMI logo only when a= points at a Verified Mark Certificate or Common Mark Certificate; Yahoo and some others show it without.',
    fix: 'Obtain a VMC or CMC for the logo and publish its https URL in a=.',
    ref: BIMI,
  },
  'bimi.dmarc-lookup-error': {
    title: 'Could not look up DMARC for BIMI',
    why: 'BIMI depends on DMARC at enforcement; the _dmarc lookup failed, so this could not be tested.',
    fix: 'Run the check again once the DMARC lookup works.',
  },
  'bimi.dmarc-missing': {
    title: 'BIMI without DMARC',
    why: 'Mailbox providers show BIMI logos only for domains with a DMARC policy at enforcement (p=quarantine or p=reject, pct=100). Without DMARC the BIMI record does nothing.',
    fix: 'Publish a DMARC record, monitor its reports, then move it to p=quarantine or p=reject.',
    ref: BIMI,
  },
  'bimi.dmarc-not-enforced': {
    title: 'DMARC is not at enforcement',
    why: 'BIMI requires DMARC p=quarantine or p=reject applied to all mail (pct=100); with p=none or a lower pct no mailbox shows the logo.',
    fix: 'Once your DMARC reports show all legitimate mail passing, raise the policy to p=quarantine (or reject) and remove pct.',
    ref: BIMI,
  },
};
