/**
 * Secrets that appear inside query names (a Spamhaus DQS key is the first label of its zones)
 * must not reach stored traces or reports. Whoever configures such a secret registers it here.
 */
const secrets = new Set<string>();

export function registerDnsSecret(secret: string, placeholder = '<secret>'): void {
  if (secret) secrets.add(`${secret.toLowerCase()}\u0000${placeholder}`);
}

export function redactName(name: string): string {
  let out = name;
  for (const entry of secrets) {
    const [secret, placeholder] = entry.split('\u0000') as [string, string];
    if (out.includes(secret)) out = out.split(secret).join(placeholder);
  }
  return out;
}
