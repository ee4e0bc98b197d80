import type { CheckId } from '../checks/types';

/** Stable ids of the setup steps, in the order a self-hosting guide walks through them. */
export type ChecklistItemId = 'ip-not-listed' | 'port25' | 'spf' | 'dkim' | 'dmarc' | 'ptr' | 'mx' | 'test-message' | 'message-auth';

export interface ChecklistItemDef {
  id: ChecklistItemId;
  title: string;
  /** Why this step matters, in plain words (shown under the title). */
  explanation: string;
  /** The domain check whose result decides this item, or the test-address flow. */
  source: CheckId | 'test-address' | 'test-report';
  /** Needs the server's IP address to be evaluated. */
  needsIp?: boolean;
  /** What to do when the item is not done and the check offered no exact record. */
  howTo: string;
}

export const CHECKLIST: readonly ChecklistItemDef[] = [
  {
    id: 'ip-not-listed',
    title: 'Sending IP is not on a blocklist',
    explanation: 'Receivers look up your server\'s IP address in DNS blocklists before they accept a message. A listed address gets mail rejected no matter how well the domain is set up.',
    source: 'dnsbl',
    needsIp: true,
    howTo: 'Follow the delisting link of each list that names your IP. Lists of dynamic/residential ranges (e.g. PBL) mean you should relay through your provider or ask for a static, non-residential address.',
  },
  {
    id: 'port25',
    title: 'Outbound port 25 is open',
    explanation: 'Servers deliver mail to each other on TCP port 25. Many home and cloud providers block it by default, and nothing will arrive anywhere until it is open.',
    source: 'port25',
    howTo: 'Ask your provider to unblock outbound port 25 (cloud consoles often have a support form for this), or send through a relay (smarthost) on port 587.',
  },
  {
    id: 'spf',
    title: 'SPF authorises your server',
    explanation: 'An SPF record in your domain\'s DNS lists the servers allowed to send its mail. Receivers check the connecting IP against it.',
    source: 'spf',
    howTo: 'Publish one TXT record at your domain starting with v=spf1 that includes your server\'s IP (ip4:/ip6: or a:/mx) and ends with -all or ~all.',
  },
  {
    id: 'dkim',
    title: 'DKIM key is published for your selector',
    explanation: 'Your server signs each message with a private key; receivers fetch the public key from <selector>._domainkey.<domain> to verify the signature.',
    source: 'dkim',
    howTo: 'Publish the TXT record that opendkim-genkey wrote to <selector>.txt at <selector>._domainkey.<domain>.',
  },
  {
    id: 'dmarc',
    title: 'DMARC record is present',
    explanation: 'DMARC tells receivers what to do with mail that fails SPF and DKIM alignment and where to send reports. Gmail and Yahoo require it for bulk senders.',
    source: 'dmarc',
    howTo: 'Publish a TXT record at _dmarc.<domain>, e.g. "v=DMARC1; p=none; rua=mailto:dmarc@<domain>", and tighten p= once reports look clean.',
  },
  {
    id: 'ptr',
    title: 'Reverse DNS (PTR) matches the mail hostname',
    explanation: 'The IP address must have a PTR record naming your mail host, and that name must resolve back to the same IP (forward-confirmed reverse DNS). Gmail rejects mail from addresses without it.',
    source: 'fcrdns',
    needsIp: true,
    howTo: 'Set the PTR (reverse DNS) of the IP in your hosting provider\'s panel to your mail hostname, and publish an A/AAAA record for that hostname pointing at the IP. Use the same name as Postfix\'s myhostname.',
  },
  {
    id: 'mx',
    title: 'MX is set up so bounces reach you',
    explanation: 'Your domain needs a working MX record so that bounces, replies and DMARC reports can reach you.',
    source: 'mx',
    howTo: 'Publish an MX record for your domain pointing at a host name (not an IP) that accepts mail on port 25.',
  },
  {
    id: 'test-message',
    title: 'Send a test message to your mxray address',
    explanation: 'A real message shows what receivers see: the route it took, and whether its signatures hold up after your relay.',
    source: 'test-address',
    howTo: 'Create your personal address below and send any message to it from the server you are setting up.',
  },
  {
    id: 'message-auth',
    title: 'SPF, DKIM and DMARC all pass on the test message',
    explanation: 'The final proof: the message you sent authenticates, the same way Gmail would judge it.',
    source: 'test-report',
    howTo: 'Open the test message\'s report for what failed; usually the DKIM selector or the SPF IP does not match what the server really uses. After fixing DNS, "Re-check now" verifies the same message again; no need to send another.',
  },
];

export const DEFAULT_SELECTOR = 'mail';
