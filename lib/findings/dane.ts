import type { Catalog } from './types';

const RFC7672 = 'https://www.rfc-editor.org/rfc/rfc7672';

export const daneFindings: Catalog = {
  'dane.published': {
    title: 'DANE is on for this MX host',
    why: 'Its TLSA records are DNSSEC-validated, so senders that use DANE (Postfix, Exim, Microsoft and others) require TLS and a certificate that matches them: no downgrade, no impostor.',
    ref: RFC7672,
  },
  'dane.none': {
    title: 'No DANE for this MX host',
    why: 'The MX host publishes no TLSA records, so senders use opportunistic TLS without authentication. Not a delivery problem; DANE needs a DNSSEC-signed zone for the MX host.',
    fix: 'If the MX host zone is signed, publish a "3 1 1" TLSA record of the server key at _25._tcp.<mx host> (and roll it before changing the key).',
    ref: RFC7672,
  },
  'dane.none-provider': {
    title: 'The mail provider does not publish DANE',
    why: "This MX host belongs to a large mailbox provider that does not publish TLSA records. That is the provider's decision; nothing for you to change.",
  },
  'dane.no-mx': {
    title: 'No MX host to check for DANE',
    why: 'DANE protects delivery to MX hosts; this domain names none.',
  },
  'dane.unsigned': {
    title: 'TLSA records in an unsigned zone',
    why: 'TLSA records count only when DNSSEC validates them (RFC 7672 §2.2). In an unsigned zone every sender ignores them, so they protect nothing.',
    fix: 'Sign the zone of the MX host (and publish its DS record), or remove the TLSA records.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7672#section-2.2',
  },
  'dane.bogus': {
    title: 'The TLSA lookup fails DNSSEC validation',
    why: 'A DANE sender cannot tell whether TLS is required for this MX host, so it defers all mail to it (RFC 7672 §2.2) until the DNS is fixed.',
    fix: "Fix the signatures or DS record of the MX host's zone.",
    ref: 'https://www.rfc-editor.org/rfc/rfc7672#section-2.2',
  },
  'dane.lookup-error': {
    title: 'Could not look up the TLSA records',
    why: 'The TLSA lookup timed out or failed, so this could not be tested. DANE senders that see the same defer mail to the host.',
  },
  'dane.not-validated': {
    title: 'TLSA records found, but the resolver does not validate: cannot tell',
    why: "Whether senders use TLSA records depends on DNSSEC, and mxray's DNS resolver does not validate it (or could not be tested), so mxray cannot tell whether these records are in force.",
    fix: 'Point MXRAY_DNS_SERVERS at a validating resolver.',
  },
  'dane.unusable-record': {
    title: 'A TLSA record senders cannot use',
    why: 'SMTP senders skip TLSA records with PKIX usages (0, 1), unknown fields or digests of the wrong length (RFC 7672 §3.1).',
    fix: 'Publish "3 1 1 <SHA-256 of the server public key>" (or "2 1 1" for your CA) instead.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7672#section-3.1',
  },
  'dane.no-usable-record': {
    title: 'No usable TLSA record',
    why: 'With only unusable TLSA records, DANE senders still require TLS but authenticate nothing (RFC 7672 §2.2).',
    fix: 'Publish a usable "3 1 1" record for the server key.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7672#section-2.2',
  },
  'dane.match': {
    title: 'The server certificate matches its TLSA records',
    why: 'DANE senders can authenticate this server and will deliver over TLS.',
    ref: RFC7672,
  },
  'dane.mismatch': {
    title: 'The server certificate does NOT match its TLSA records',
    why: 'Senders that use DANE refuse this certificate and defer ALL mail to this host until the records or the certificate are fixed (RFC 7672 §2.2). Usually a renewed key without a TLSA update.',
    fix: 'Publish the TLSA record shown (it matches the certificate the server presents now) next to the old one, or put back the key the records name.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7672#section-2.2',
  },
  'dane.no-tls': {
    title: 'TLSA records published, but no TLS',
    why: 'DANE senders require STARTTLS from an MX host with TLSA records; without it they defer all mail to it.',
    fix: 'Turn on STARTTLS on the server, or remove the TLSA records.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7672#section-2.2',
  },
};
