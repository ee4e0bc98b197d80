import type { Catalog } from './types';

export const generalFindings: Catalog = {
  'check.internal-error': {
    title: 'mxray could not finish this check',
    why: 'Something unexpected happened while running the check; the result says nothing about your DNS.',
    fix: 'Run the check again. If it keeps failing, report it with the DNS trace from this report.',
  },
  'dns.timeout': {
    title: 'A DNS lookup timed out',
    why: 'No answer arrived before the deadline, so this part could not be tested. Receivers that see the same will treat it as a temporary error and may defer your mail.',
    fix: 'Check that your authoritative name servers answer (dig +trace). If only mxray times out, check its MXRAY_DNS_SERVERS setting.',
  },
  'dns.servfail': {
    title: 'The DNS server failed (SERVFAIL)',
    why: 'SERVFAIL usually means a broken delegation, unreachable authoritative servers, or a DNSSEC validation failure. Receivers treat it as a temporary error.',
    fix: 'Run dig +trace for the name and look for lame delegations or expired DNSSEC signatures.',
  },
  'input.punycode': {
    title: 'Internationalized name converted to punycode',
    why: 'DNS stores internationalized domain names in their ASCII (punycode) form; mxray checked that form.',
  },
};
