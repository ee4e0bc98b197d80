import type { Catalog } from './types';

export const dnsblFindings: Catalog = {
  'dnsbl.clean': {
    title: 'Not listed on the blocklists checked',
    why: 'None of the blocklists that answered list this address or domain.',
    ref: 'https://www.rfc-editor.org/rfc/rfc5782#section-2.1',
  },
  'dnsbl.listed': {
    title: 'Listed on a blocklist',
    why: 'Receivers that consult this list reject your mail or send it to spam. The detail says what the list\'s return code means.',
    fix: 'Find and stop the cause first (a compromised account or host, an open relay, a bad mailing list, or a dynamic/end-user address that should send through the provider\'s relay), then request removal at the link given for the list.',
    ref: 'https://www.rfc-editor.org/rfc/rfc5782',
  },
  'dnsbl.listed-range': {
    title: 'Your range or network is listed, not your address',
    why: 'This list covers a whole range or provider network because of other customers. Few receivers use it, and you cannot request removal yourself.',
    fix: 'Ask your provider about it; if mail is rejected because of it, consider a provider with a cleaner network.',
  },
  'dnsbl.allowlisted': {
    title: 'On an allowlist',
    why: 'Receivers that consult this allowlist give your mail a better score.',
  },
  'dnsbl.neutral': {
    title: 'Informational listing',
    why: 'The list returned a neutral or informational code; it neither helps nor hurts much.',
  },
  'dnsbl.refused': {
    title: 'A blocklist refused to answer',
    why: 'The list answered with a refusal code or the resolver refused the query, so this list was not tested. Spamhaus answers 127.255.255.254 to queries relayed by public or open resolvers and 127.255.255.255 to resolvers over its volume limit; URIBL and SURBL do the same with their "blocked" bit.',
    fix: 'Run mxray with a local recursive resolver (unbound or bind on the same host) in MXRAY_DNS_SERVERS, or set MXRAY_SPAMHAUS_DQS_KEY to a free Spamhaus Data Query Service key.',
    ref: 'https://www.spamhaus.org/returnc/pub/',
  },
  'dnsbl.timeout': {
    title: 'A blocklist did not answer in time',
    why: 'The list did not answer before its deadline; lists go down or get slow. This list was not tested, and the rest of the report did not wait for it.',
    fix: 'Try again later. If a list keeps timing out, it may be dead: remove it with MXRAY_DNSBL_DISABLE.',
  },
  'dnsbl.zone-error': {
    title: 'A blocklist query failed',
    why: 'The list returned an error code or the lookup failed (SERVFAIL, network error), so this list was not tested.',
  },
  'dnsbl.zone-broken': {
    title: 'A blocklist is broken and was ignored',
    why: 'RFC 5782 §5 says a list must never list 127.0.0.1 (or the name "invalid"). This one does, which means it lists everything: typically a dead list whose domain now answers every query. Its answer for you says nothing.',
    fix: 'Remove the list from your configuration (MXRAY_DNSBL_DISABLE) and from your mail server\'s filters.',
    ref: 'https://www.rfc-editor.org/rfc/rfc5782#section-5',
  },
  'dnsbl.test-point-missing': {
    title: 'A blocklist does not list its test entry',
    why: 'RFC 5782 §5 says a list must list 127.0.0.2 (or the name "test"). This one did not, so it may be dead or ignoring your resolver; a "not listed" from it proves little.',
    ref: 'https://www.rfc-editor.org/rfc/rfc5782#section-5',
  },
  'dnsbl.special-address': {
    title: 'Not a public address',
    why: 'Blocklists only list public addresses. A private, loopback or documentation address is never listed (except the RFC 5782 test points 127.0.0.2 and ::ffff:7f00:2, which every list must list).',
  },
  'dnsbl.all-untested': {
    title: 'No blocklist could be tested',
    why: 'Every list timed out, refused or failed, so mxray cannot say whether you are listed.',
    fix: 'Check that mxray\'s DNS resolver (MXRAY_DNS_SERVERS) works and is not a public resolver.',
  },
  'dnsbl.config-error': {
    title: 'The blocklist configuration is invalid',
    why: 'mxray could not read its DNSBL settings, so no list was queried.',
    fix: 'Correct MXRAY_DNSBL_ZONES_FILE, MXRAY_SPAMHAUS_DQS_KEY or MXRAY_DNSBL_TIMEOUT_MS as the detail says.',
  },
};
