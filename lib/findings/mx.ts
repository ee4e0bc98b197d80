import type { Catalog } from './types';

const RFC5321_51 = 'https://www.rfc-editor.org/rfc/rfc5321#section-5.1';

export const mxFindings: Catalog = {
  'mx.ok': {
    title: 'MX records are in order',
    why: 'Every MX host has an address, so other servers can deliver mail, bounces and reports to this domain.',
    ref: RFC5321_51,
  },
  'mx.lookup-error': {
    title: 'The MX lookup failed',
    why: 'The DNS did not give a usable answer (timeout or server failure), so this could not be tested. Senders that see the same defer mail to the domain.',
    fix: 'Check that the authoritative name servers answer MX queries (dig MX <domain> +trace), then run the check again.',
  },
  'mx.domain-not-found': {
    title: 'The domain does not exist',
    why: 'The name returned NXDOMAIN: mail to it bounces and most receivers reject mail whose sender domain does not exist.',
    fix: 'Check the spelling, and that the domain is registered and delegated to name servers that serve it.',
  },
  'mx.none-implicit': {
    title: 'No MX record (implicit MX)',
    why: "Without an MX record, senders deliver to the domain's own A/AAAA address (RFC 5321 §5.1). That host must accept mail on port 25, or bounces and DMARC/TLS reports for the domain are lost.",
    fix: 'Publish an MX record naming your mail server, or a null MX ("0 .") if the domain never receives mail.',
    ref: RFC5321_51,
  },
  'mx.none': {
    title: 'No MX record and no address',
    why: 'Nobody can deliver mail to this domain. If it sends mail, bounces and DMARC reports cannot come back, and receivers that check the sender domain may reject its mail.',
    fix: 'Publish an MX record naming your mail server, or a null MX ("0 .") to say explicitly that the domain receives no mail.',
    ref: RFC5321_51,
  },
  'mx.null': {
    title: 'Null MX: the domain accepts no mail',
    why: 'The single MX record "0 ." says that this domain receives no mail (RFC 7505). That is right for a domain that neither sends nor receives mail.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7505',
  },
  'mx.null-sending': {
    title: 'Null MX on a domain that sends mail',
    why: 'A null MX says the domain accepts no mail, so bounces and DMARC reports cannot reach you, and receivers may reject mail whose envelope sender uses this domain (RFC 7505 §4.2).',
    fix: 'Replace the null MX with an MX for a host that accepts bounces, or send from a domain that has one.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7505#section-4.2',
  },
  'mx.null-mixed': {
    title: 'Null MX next to other MX records',
    why: 'RFC 7505 §3 says a domain with a null MX must not publish other MX records; senders may treat it as accepting no mail at all.',
    fix: 'Remove the "0 ." record if the domain receives mail, or the other MX records if it does not.',
    ref: 'https://www.rfc-editor.org/rfc/rfc7505#section-3',
  },
  'mx.ip-literal': {
    title: 'MX points at an IP address',
    why: 'An MX record must name a host, not an address (RFC 5321 §5.1). Senders look the address up as a host name, find nothing, and cannot deliver.',
    fix: 'Create an A/AAAA record such as mail.<domain> for the address and point the MX at that name.',
    ref: RFC5321_51,
  },
  'mx.invalid-name': {
    title: 'MX host name is invalid',
    why: 'The exchange field is not a name that can be looked up, so senders cannot deliver to it.',
    fix: 'Correct the MX record to name your mail server.',
    ref: RFC5321_51,
  },
  'mx.cname': {
    title: 'MX points at an alias (CNAME)',
    why: 'RFC 2181 §10.3 and RFC 5321 §5.1 require the MX target to be a canonical name. Most senders follow the alias anyway, but some refuse, and it costs an extra lookup.',
    fix: 'Point the MX record at the name the CNAME leads to.',
    ref: 'https://www.rfc-editor.org/rfc/rfc2181#section-10.3',
  },
  'mx.host-no-address': {
    title: 'MX host has no address',
    why: 'The MX host name has no A or AAAA record, so senders cannot connect to it; mail queues and then bounces if no other MX works.',
    fix: 'Publish an A (and ideally AAAA) record for the host, or remove the MX record.',
    ref: RFC5321_51,
  },
  'mx.host-lookup-error': {
    title: 'Could not look up an MX host',
    why: 'The address lookup for this MX host timed out or failed, so it could not be tested. Senders that see the same defer mail.',
    fix: 'Check the name servers of the MX host name, then run the check again.',
  },
  'mx.host-ipv6-only': {
    title: 'An MX host has only IPv6',
    why: 'IPv4-only senders skip this host and use the other MX hosts.',
  },
  'mx.ipv6-only': {
    title: 'All MX hosts are IPv6-only',
    why: 'Many sending servers still have no IPv6 connectivity; they cannot deliver mail to this domain at all.',
    fix: 'Give at least one MX host an IPv4 address (A record).',
    ref: RFC5321_51,
  },
};
