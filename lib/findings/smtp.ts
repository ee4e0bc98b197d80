import type { Catalog } from './types';

/** Outbound port 25 (port25.*) and SMTP server probe (smtp.*) findings. */
export const smtpFindings: Catalog = {
  'port25.open': {
    title: 'Outbound port 25 is open',
    why: 'This machine reached a large mail provider\'s MX on port 25 and got its greeting, so your host does not block outgoing SMTP.',
  },
  'port25.blocked': {
    title: 'Outbound port 25 looks blocked',
    why: 'The connection to the MX host got no answer at all before the deadline. That is what a provider firewall dropping outgoing SMTP looks like; many cloud and residential providers block port 25 by default to stop spam from hijacked machines. Without port 25 this server cannot deliver mail directly.',
    fix: 'Ask your hosting provider to open outbound port 25 (many do on request after verifying the account), or relay outgoing mail through a smarthost on port 587 with authentication, or pick a provider that allows port 25.',
  },
  'port25.no-banner': {
    title: 'Port 25 connects but nothing answers',
    why: 'The TCP connection was accepted but no SMTP greeting arrived. Some providers intercept port 25 with a proxy or firewall that accepts and then stalls.',
    fix: 'Ask your provider whether outbound SMTP is filtered or proxied.',
  },
  'port25.refused': {
    title: 'The connection to port 25 was refused',
    why: 'Something actively rejected the connection (a TCP reset or ICMP "unreachable"). Big receivers do not do that, so a local or provider firewall usually does.',
    fix: 'Check this machine\'s own firewall (nftables/iptables/ufw output rules) and ask your provider whether port 25 is rejected.',
  },
  'port25.rejected': {
    title: 'A receiver greeted with a rejection',
    why: 'Port 25 is open, but the server answered 554 instead of 220: it refuses to talk to this address, usually because of a blocklist listing or a bad reputation.',
    fix: 'Check this address on the DNS blocklists (mxray dnsbl <ip>) and the receiver\'s postmaster pages.',
  },
  'port25.untested': {
    title: 'A port 25 target could not be tested',
    why: 'The target\'s mail server could not be found or its address is not a public one, so nothing was connected.',
  },
  'smtp.greeting': {
    title: 'The SMTP server answers',
    why: 'The server accepted the connection and greeted with 220.',
    ref: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.2',
  },
  'smtp.unreachable': {
    title: 'The SMTP server could not be reached',
    why: 'mxray could not complete the connection or did not get a greeting in time, so other servers cannot deliver to it either (or this machine\'s outbound port 25 is blocked).',
    fix: 'Check that the server listens on port 25 on its public address, and that no firewall in front of it drops the connection.',
  },
  'smtp.rejects-greeting': {
    title: 'The server refuses connections (554 greeting)',
    why: 'RFC 5321 §3.1 lets a server answer 554 instead of 220 to refuse service. Other mail servers will not be able to deliver.',
    ref: 'https://www.rfc-editor.org/rfc/rfc5321#section-3.1',
  },
  'smtp.no-starttls': {
    title: 'STARTTLS is not offered',
    why: 'Without STARTTLS, mail to and from this server crosses the internet in clear text, and Gmail, Microsoft and others mark such mail as not encrypted.',
    fix: 'Configure a certificate and enable STARTTLS (Postfix: smtpd_tls_cert_file, smtpd_tls_key_file, smtpd_tls_security_level = may).',
    ref: 'https://www.rfc-editor.org/rfc/rfc3207',
  },
  'smtp.starttls-ok': {
    title: 'STARTTLS works',
    why: 'The server offers STARTTLS and the TLS handshake succeeded.',
    ref: 'https://www.rfc-editor.org/rfc/rfc3207',
  },
  'smtp.starttls-failed': {
    title: 'STARTTLS is offered but fails',
    why: 'The server advertises STARTTLS but the command or the TLS handshake failed. Senders that try TLS first may defer or fall back to clear text.',
    fix: 'Check the server\'s TLS configuration and logs (certificate and key files, protocol versions).',
  },
  'smtp.cert-untrusted': {
    title: 'The certificate is not trusted',
    why: 'The certificate does not chain to a public CA (self-signed, private CA, or missing intermediate). Opportunistic TLS still works, but MTA-STS and DANE-less strict senders will refuse it.',
    fix: 'Use a certificate from a public CA (e.g. Let\'s Encrypt) and serve the full chain.',
  },
  'smtp.cert-expired': {
    title: 'The certificate has expired',
    why: 'Senders that validate certificates (MTA-STS enforce, strict TLS policies) will refuse to deliver.',
    fix: 'Renew the certificate and reload the mail server.',
  },
  'smtp.cert-expiring': {
    title: 'The certificate expires soon',
    why: 'When it expires, senders that validate certificates will stop delivering.',
    fix: 'Check that automatic renewal works and that the mail server reloads the new certificate.',
  },
  'smtp.cert-name-mismatch': {
    title: 'The certificate does not cover the MX host name',
    why: 'Senders that validate certificates (MTA-STS, RFC 8461 §4.2) check the MX host name against the certificate\'s names.',
    fix: 'Issue a certificate that includes the MX host name.',
    ref: 'https://www.rfc-editor.org/rfc/rfc8461#section-4.2',
  },
  'smtp.fcrdns-ok': {
    title: 'Greeting name, PTR and address agree',
    why: 'The address has a PTR record whose name resolves back to it, and the server introduces itself with that name. Receivers check this for senders.',
  },
  'smtp.no-ptr': {
    title: 'The server address has no PTR record',
    why: 'Gmail, Microsoft and most receivers reject or junk mail from addresses without reverse DNS.',
    fix: 'Ask whoever owns the address (your hosting provider) to set the PTR record to your mail server\'s host name.',
  },
  'smtp.ptr-not-confirmed': {
    title: 'The PTR name does not resolve back to the address',
    why: 'Forward-confirmed reverse DNS needs the PTR name\'s A/AAAA records to include the address; receivers treat a mismatch like a missing PTR.',
    fix: 'Add an A (or AAAA) record for the PTR name pointing to this address, or change the PTR.',
  },
  'smtp.greeting-name-mismatch': {
    title: 'The server introduces itself with a different name',
    why: 'The name in the banner or EHLO reply is not the PTR name of the address. A sending server usually uses the same name in its own HELO, and receivers compare HELO with PTR.',
    fix: 'Set the server\'s host name (Postfix: myhostname; Exim: primary_hostname) to the PTR name.',
    ref: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.1.4',
  },
  'smtp.not-resolved': {
    title: 'Not probed: no server address found',
    why: 'The name has no usable MX or A/AAAA record, its lookup failed, or the domain publishes a null MX (it accepts no mail), so there was nothing to connect to.',
    fix: 'Check the domain\'s MX records and the A/AAAA records of each MX host (`mxray check <domain>` shows them); a lookup that timed out can simply be tried again.',
  },
  'smtp.private-target': {
    title: 'Not probed: special-purpose address',
    why: 'mxray does not connect to private, loopback, link-local or other special-purpose addresses on behalf of dashboard users, so it cannot be used to scan the operator\'s network.',
    fix: 'If you really want to probe a relay on your own network, set MXRAY_ALLOW_PRIVATE_TARGETS=1 on the mxray server.',
  },
  'smtp.rate-limited': {
    title: 'Too many probes',
    why: 'Each client may start only a limited number of SMTP probes in a time window.',
    fix: 'Wait and try again.',
  },
  'smtp.too-many-hosts': {
    title: 'Too many hosts in one request',
    why: 'One request may probe at most 5 hosts.',
  },
};
