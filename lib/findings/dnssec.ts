import type { Catalog } from './types';

const RFC4033 = 'https://www.rfc-editor.org/rfc/rfc4033';
const RFC4035_AD = 'https://www.rfc-editor.org/rfc/rfc4035#section-3.2.3';

export const dnssecFindings: Catalog = {
  'dnssec.secure': {
    title: 'The domain is DNSSEC-signed and validates',
    why: 'Its answers carry signatures that chain up to the DNS root, so a receiver can trust the MX, SPF, DKIM and DMARC records it reads, and DANE can protect mail to it.',
    ref: RFC4033,
  },
  'dnssec.insecure': {
    title: 'The domain is not DNSSEC-signed',
    why: 'Like most domains, its DNS answers carry no signatures: an attacker on the path to a receiver could forge them, and DANE cannot be used for mail to it. Receivers do not reject mail for this.',
    fix: "Turn on DNSSEC at your DNS host and publish the DS record it gives you at your registrar. Nothing to change in mxray's other rows.",
    ref: RFC4033,
  },
  'dnssec.bogus': {
    title: 'DNSSEC validation fails for the domain (bogus)',
    why: 'The domain is signed, but its signatures do not validate (expired signatures, or a DS record at the registrar that matches no key). Validating resolvers answer SERVFAIL, so for most of the internet the domain does not exist: mail to it queues and bounces, and its SPF/DKIM/DMARC cannot be read.',
    fix: 'Re-sign the zone (check the signer is running) or correct the DS record at the registrar; if DNSSEC was turned off at the DNS host, remove the DS record.',
    ref: 'https://www.rfc-editor.org/rfc/rfc4035#section-5.5',
  },
  'dnssec.lookup-error': {
    title: 'Could not tell whether the domain is signed',
    why: 'The DNSSEC lookup got no usable answer (timeout or a server failure that is not a validation failure), so this could not be tested.',
    fix: 'Run the check again; if it persists, check that the authoritative name servers answer.',
  },
  'dnssec.resolver-not-validating': {
    title: 'Your DNS resolver does not validate DNSSEC: cannot tell',
    why: "mxray reads DNSSEC from its resolver's AD bit. The configured resolver answered a deliberately broken name and/or did not vouch for a signed one, so it does not validate, and an unsigned answer says nothing about the domain.",
    fix: 'Point MXRAY_DNS_SERVERS at a validating resolver (e.g. a local unbound), or keep this row as "could not tell".',
    ref: RFC4035_AD,
  },
  'dnssec.resolver-untested': {
    title: 'Could not test whether the DNS resolver validates',
    why: 'The self-test names (MXRAY_DNSSEC_BOGUS_PROBE, MXRAY_DNSSEC_SECURE_PROBE) got no usable answer, so an unsigned-looking answer could come from a resolver that does not validate.',
    fix: 'Check that the resolver can reach the internet, or set the probe names to names it can resolve.',
  },
  'dnssec.mx-secure': {
    title: 'MX host zones are signed',
    why: 'The addresses of these MX hosts validate, the first condition for DANE on them.',
    ref: RFC4033,
  },
  'dnssec.mx-insecure': {
    title: 'Some MX host zones are not signed',
    why: 'The MX host names live in unsigned zones, so senders cannot use DANE to authenticate them. Common, and not a delivery problem.',
    fix: 'If you run the MX hosts, sign their zone; hosted providers decide this themselves.',
  },
  'dnssec.mx-bogus': {
    title: 'An MX host fails DNSSEC validation',
    why: "The MX host name's signatures do not validate, so validating senders cannot find its address and queue mail for it until it bounces.",
    fix: "Fix the MX host zone's signatures or DS record (or point the MX at a host whose zone validates).",
    ref: 'https://www.rfc-editor.org/rfc/rfc4035#section-5.5',
  },
  'dnssec.mx-lookup-error': {
    title: 'Could not tell whether an MX host is signed',
    why: 'The lookup of the MX host failed for a reason other than validation, so this could not be tested.',
  },
};
