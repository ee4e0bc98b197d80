/**
 * Selectors probed when the user gives none. A selector is the signer's free choice (RFC 6376
 * §3.1), so no list is complete: this one covers self-hosted defaults and the large senders whose
 * selectors are fixed names. Ordered by how often we expect to hit, because ctx.limits.maxDkimSelectors
 * may cut the tail.
 *
 * Not probeable, so deliberately absent (the "none found" wording says so):
 * - Amazon SES Easy DKIM: three random 32-character tokens per identity (<token>._domainkey).
 * - Postmark: dated selectors such as 20240115123456pm.
 * - SparkPost (scphMMYY), Mimecast (mimecastYYYYMMDD), HubSpot (hs1-<account id>): dated or per-account.
 * - "mg": Mailgun's docs use mg.<domain> as a sending *subdomain*, not as a selector.
 */
export interface DefaultSelector {
  selector: string;
  /** Who uses it; shown when a key is found there. */
  origin: string;
}

export const DEFAULT_SELECTORS: readonly DefaultSelector[] = [
  // Docker postfix relay images (e.g. boky/postfix's DKIM_SELECTOR default, dtheus/postfix-dkim) run
  // `opendkim-genkey -s mail`; Sendinblue's legacy TXT setup and Yandex 360 also publish mail._domainkey.
  { selector: 'mail', origin: 'postfix/OpenDKIM relay images, Sendinblue (legacy), Yandex 360' },
  // opendkim-genkey without -s writes default.private/default.txt (man opendkim-genkey); cPanel and Plesk use it too.
  { selector: 'default', origin: 'opendkim-genkey default, cPanel, Plesk' },
  // rspamd's dkim_signing module defaults to selector "dkim"; also Hetzner.
  { selector: 'dkim', origin: 'rspamd default, Hetzner' },
  // Google Workspace Admin console: default prefix "google".
  { selector: 'google', origin: 'Google Workspace' },
  // Microsoft 365: two CNAMEs into <tenant>.onmicrosoft.com, rotated by Microsoft.
  { selector: 'selector1', origin: 'Microsoft 365' },
  { selector: 'selector2', origin: 'Microsoft 365' },
  // SendGrid automated security: s1/s2 CNAMEs to sN.domainkey.uNNN.wl.sendgrid.net; smtpapi is its older fixed selector.
  { selector: 's1', origin: 'SendGrid' },
  { selector: 's2', origin: 'SendGrid' },
  { selector: 'smtpapi', origin: 'SendGrid (legacy)' },
  // Mailchimp: k2/k3 CNAMEs to dkim2/dkim3.mcsv.net; k1 is its (and Mandrill's) older TXT key.
  { selector: 'k1', origin: 'Mailchimp / Mandrill' },
  { selector: 'k2', origin: 'Mailchimp' },
  { selector: 'k3', origin: 'Mailchimp' },
  { selector: 'mandrill', origin: 'Mandrill (Mailchimp Transactional)' },
  // Mailgun: pdk1/pdk2 are the Automatic Sender Security CNAMEs (Mailgun docs); smtp and mx are
  // the selectors its older domain setup generated.
  { selector: 'pdk1', origin: 'Mailgun (automatic sender security)' },
  { selector: 'pdk2', origin: 'Mailgun (automatic sender security)' },
  { selector: 'smtp', origin: 'Mailgun (older setups)' },
  { selector: 'mx', origin: 'Mailgun (older setups)' },
  // Brevo's CNAME-based domain authentication (brevo1/brevo2); its older TXT key is "mail" above.
  { selector: 'brevo1', origin: 'Brevo' },
  { selector: 'brevo2', origin: 'Brevo' },
  { selector: 'mailjet', origin: 'Mailjet' },
  { selector: 'resend', origin: 'Resend' },
  { selector: 'cm', origin: 'Campaign Monitor' },
  // Zoho Mail's DKIM page suggests "zmail"; many admins name theirs "zoho".
  { selector: 'zmail', origin: 'Zoho Mail' },
  { selector: 'zoho', origin: 'Zoho Mail' },
  // Fastmail custom domains: fm1-fm3 CNAMEs to fmN.<domain>.dkim.fmhosted.com.
  { selector: 'fm1', origin: 'Fastmail' },
  { selector: 'fm2', origin: 'Fastmail' },
  { selector: 'fm3', origin: 'Fastmail' },
  // Proton Mail custom domains: three CNAMEs into domains.proton.ch.
  { selector: 'protonmail', origin: 'Proton Mail' },
  { selector: 'protonmail2', origin: 'Proton Mail' },
  { selector: 'protonmail3', origin: 'Proton Mail' },
  // iCloud+ custom email domains: sig1 CNAME into icloudmailadmin.com.
  { selector: 'sig1', origin: 'iCloud+ custom domain' },
  // Generic names seen in hand-made setups.
  { selector: 'email', origin: 'generic' },
  { selector: 'key1', origin: 'generic' },
];

export function selectorOrigin(selector: string): string | undefined {
  return DEFAULT_SELECTORS.find((s) => s.selector === selector)?.origin;
}
