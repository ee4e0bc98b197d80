/**
 * What Gmail, Yahoo and Outlook.com publish that senders must do, one row per requirement, with
 * where it is written and the SMTP reply a receiver gives when it is not met. A rule change is a
 * one-line edit here; lib/providers/evaluate.ts only reads this table.
 *
 * `applies`: 'all' senders, 'bulk' (≥5,000 messages a day to that provider), 'forwarders' (mail
 * that is forwarded or sent through mailing lists), or 'guidance' (mxray cannot observe it: shown,
 * never counted).
 */
import type { ProviderId, ProviderRules, RequirementId } from './types';

export const SOURCES = {
  gmailGuidelines: { url: 'https://support.google.com/a/answer/81126', date: '2024-02-01', title: 'Google: Email sender guidelines (bulk-sender rules in force since 1 Feb 2024)' },
  gmailEnforcement: { url: 'https://support.google.com/a/answer/14229414', date: '2025-11-01', title: 'Google: Email sender guidelines FAQ (enforcement ramp-up with rejections announced Nov 2025)' },
  gmailErrors: { url: 'https://support.google.com/a/answer/3726730', date: '2025-11-01', title: 'Google: Gmail SMTP errors and codes' },
  yahooRequirements: { url: 'https://senders.yahooinc.com/best-practices/', date: '2024-02-01', title: 'Yahoo Sender Hub: Sender requirements & recommendations (Feb 2024)' },
  yahooErrors: { url: 'https://senders.yahooinc.com/smtp-error-codes/', date: '2025-04-11', title: 'Yahoo Sender Hub: SMTP error codes' },
  outlookHighVolume: {
    url: 'https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730',
    date: '2025-05-05',
    title: "Microsoft: Outlook's new requirements for high-volume senders (in force 5 May 2025)",
  },
} as const;

const G = SOURCES.gmailGuidelines;
const Y = SOURCES.yahooRequirements;
const O = SOURCES.outlookHighVolume;

/** The requirement wording users read, shared by every provider that asks for it. */
export const REQUIREMENT_TEXT: Record<RequirementId, string> = {
  'auth-any': 'SPF or DKIM passes',
  spf: 'SPF passes for the sending IP',
  dkim: 'DKIM signature from your domain verifies',
  'dmarc-record': 'DMARC record published (p=none or stricter)',
  'dmarc-aligned': 'From domain aligned with SPF or DKIM (DMARC passes)',
  ptr: 'Forward and reverse DNS of the sending IP match (FCrDNS)',
  tls: 'Mail sent over TLS',
  format: 'RFC 5322 format: Message-ID, Date, exactly one From',
  'one-click': 'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post)',
  arc: 'ARC headers when forwarding',
  'spam-rate': 'User-reported spam rate below 0.3% (aim for 0.1%)',
};

export const PROVIDER_RULES: Record<ProviderId, ProviderRules> = {
  gmail: {
    name: 'Gmail',
    rules: [
      { requirement: 'auth-any', applies: 'all', reply: '550 5.7.26', source: G },
      { requirement: 'spf', applies: 'bulk', reply: '421 4.7.27 / 550 5.7.27', source: G },
      { requirement: 'dkim', applies: 'bulk', reply: '421 4.7.30 / 550 5.7.30', source: G },
      // Google's FAQ still names 4.7.31 for a missing DMARC record; the error list now says 4.7.40.
      { requirement: 'dmarc-record', applies: 'bulk', reply: '421 4.7.40 / 550 5.7.40', source: G },
      { requirement: 'dmarc-aligned', applies: 'bulk', reply: '421 4.7.32 / 550 5.7.32', source: G },
      { requirement: 'ptr', applies: 'all', reply: '550 5.7.25', source: G },
      { requirement: 'tls', applies: 'all', reply: '421 4.7.29 / 550 5.7.29', source: G },
      { requirement: 'format', applies: 'all', reply: '550 5.7.1', source: G },
      { requirement: 'one-click', applies: 'bulk', source: G },
      { requirement: 'arc', applies: 'forwarders', source: G },
      { requirement: 'spam-rate', applies: 'guidance', reply: '421 4.7.28', source: SOURCES.gmailEnforcement },
    ],
  },
  yahoo: {
    name: 'Yahoo',
    rules: [
      { requirement: 'auth-any', applies: 'all', reply: '550 5.7.9', source: Y },
      { requirement: 'spf', applies: 'bulk', reply: '550 5.7.9', source: Y },
      { requirement: 'dkim', applies: 'bulk', reply: '550 5.7.9', source: Y },
      { requirement: 'dmarc-record', applies: 'bulk', reply: '550 5.7.9', source: Y },
      { requirement: 'dmarc-aligned', applies: 'bulk', reply: '554 5.7.9', source: Y },
      { requirement: 'ptr', applies: 'all', source: Y },
      { requirement: 'format', applies: 'all', source: Y },
      { requirement: 'one-click', applies: 'bulk', source: Y },
      { requirement: 'spam-rate', applies: 'guidance', reply: '421 4.7.0 [TSS04]', source: SOURCES.yahooErrors },
    ],
  },
  outlook: {
    name: 'Outlook.com',
    rules: [
      { requirement: 'spf', applies: 'bulk', reply: '550 5.7.515', source: O },
      { requirement: 'dkim', applies: 'bulk', reply: '550 5.7.515', source: O },
      { requirement: 'dmarc-record', applies: 'bulk', reply: '550 5.7.515', source: O },
      { requirement: 'dmarc-aligned', applies: 'bulk', reply: '550 5.7.515', source: O },
      // Microsoft recommends (does not require) a working unsubscribe link and list hygiene.
      { requirement: 'one-click', applies: 'guidance', source: O },
    ],
  },
};
