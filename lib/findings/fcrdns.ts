import type { Catalog } from './types';

const GMAIL = 'https://support.google.com/a/answer/81126';
const RFC8601_PTR = 'https://www.rfc-editor.org/rfc/rfc8601#section-2.7.3';

export const fcrdnsFindings: Catalog = {
  'fcrdns.ok': {
    title: 'Reverse DNS is forward-confirmed',
    why: 'The IP has a PTR name, and that name resolves back to the IP. Large receivers require this of every sending server.',
    ref: GMAIL,
  },
  'fcrdns.bad-ip': {
    title: 'Not a valid IP address',
    why: 'The reverse DNS check needs the IPv4 or IPv6 address of the sending server.',
    fix: 'Enter the public address your mail server sends from (the one receivers see).',
  },
  'fcrdns.lookup-error': {
    title: 'The PTR lookup failed',
    why: 'The reverse DNS lookup timed out or the server failed, so this could not be tested. Receivers that see the same may defer or reject your mail.',
    fix: 'Check that the reverse zone of your address answers (dig -x <ip> +trace); it is run by whoever owns the IP block, usually your hosting provider.',
  },
  'fcrdns.no-ptr': {
    title: 'No reverse DNS (PTR) for the sending IP',
    why: 'Gmail requires sending servers to have a PTR record whose name resolves back to the IP; Microsoft and Yahoo junk or reject mail without one.',
    fix: 'Reverse DNS is set by whoever owns the IP block: set "reverse DNS" / "PTR" in your VPS or hosting panel, or ask your provider, to a name such as mail.<your domain>, and publish the matching A/AAAA record.',
    ref: GMAIL,
  },
  'fcrdns.not-confirmed': {
    title: 'PTR name does not resolve back to the IP',
    why: 'Forward-confirmed reverse DNS needs the PTR name to have an A/AAAA record containing the same IP. Without it receivers treat the server as having no valid reverse DNS.',
    fix: 'Publish an A (IPv4) or AAAA (IPv6) record for the PTR name pointing at the sending IP, or change the PTR to a name that already does.',
    ref: RFC8601_PTR,
  },
  'fcrdns.forward-lookup-error': {
    title: 'Could not resolve the PTR name',
    why: 'The A/AAAA lookup of the PTR name timed out or failed, so forward confirmation could not be tested.',
    fix: 'Check the name servers of the PTR name, then run the check again.',
  },
  'fcrdns.multiple-ptr': {
    title: 'More than one PTR record',
    why: 'Receivers use one PTR name, and which one varies; checks that compare it with HELO or with the sender domain then pass or fail at random. Some resolvers also truncate long PTR sets.',
    fix: 'Keep a single PTR record: the name your server uses in HELO.',
  },
  'fcrdns.generic': {
    title: 'Reverse DNS looks auto-generated',
    why: 'Names that contain the IP address or words like "dynamic", "pool" or "dsl" are what ISPs give home and unconfigured hosts. Spam filters and some blocklist policies penalise mail from them.',
    fix: 'Set the PTR to a name of your own such as mail.<your domain> (in your hosting panel or through your provider) and publish its A/AAAA record.',
  },
  'fcrdns.other-domain': {
    title: 'PTR name is outside the checked domain',
    why: 'Fine when a provider sends for you. On your own server, a PTR name in your domain ties the IP reputation to it.',
  },
  'fcrdns.helo-mismatch': {
    title: 'HELO name and PTR name differ',
    why: 'Receivers compare the HELO/EHLO name with the PTR name and the A record; when HELO, PTR and A agree the server looks properly configured, when they differ many filters add spam points.',
    fix: 'Make the server announce its PTR name in HELO/EHLO (Postfix: smtp_helo_name or myhostname; Exim: primary_hostname).',
    ref: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.1',
  },
};
