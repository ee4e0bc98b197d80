/**
 * Mailbox providers whose MX hosts publish no TLSA records (2026): a user cannot change that, so
 * their absence is a note, not a warning. Matched on the MX host name's suffix.
 */
const PROVIDERS: { suffix: string; name: string }[] = [
  { suffix: 'google.com', name: 'Google' },
  { suffix: 'googlemail.com', name: 'Google' },
  { suffix: 'outlook.com', name: 'Microsoft' },
  { suffix: 'hotmail.com', name: 'Microsoft' },
  { suffix: 'yahoodns.net', name: 'Yahoo' },
  { suffix: 'icloud.com', name: 'Apple iCloud' },
  { suffix: 'amazonaws.com', name: 'Amazon SES' },
  { suffix: 'zoho.com', name: 'Zoho' },
  { suffix: 'zoho.eu', name: 'Zoho' },
  { suffix: 'pphosted.com', name: 'Proofpoint' },
  { suffix: 'mimecast.com', name: 'Mimecast' },
];

export function bigProvider(host: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  return PROVIDERS.find((p) => h === p.suffix || h.endsWith(`.${p.suffix}`))?.name;
}
