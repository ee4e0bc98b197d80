/**
 * What anyone holding a report link may see. A test-address token is a capability (whoever knows it
 * can follow the address's later messages and re-point it), so it never leaves the server: the
 * stored payload keeps it, for the owner's checklist and "verify again", and every view of a report
 * (JSON and HTML) goes through here. Tokens hide in the payload's `token` field and in the message
 * itself (To:, Received: for <…>, the envelope's RCPT TO), so the t-<token> local part is masked
 * wherever it appears.
 */
const TEST_ADDRESS_LOCAL_PART = /\bt-[a-z2-7]{26}\b/gi;
export const HIDDEN_TOKEN = 't-(hidden)';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The payload with every test-address token masked and no `token` field. */
export function publicPayload<P>(payload: P): P {
  const known = new Set<string>();
  const json = JSON.stringify(payload, (key, value: unknown) => {
    if (key === 'token' && typeof value === 'string') {
      if (value) known.add(value);
      return undefined;
    }
    return value;
  });
  if (json === undefined) return payload;
  let masked = json.replace(TEST_ADDRESS_LOCAL_PART, HIDDEN_TOKEN);
  for (const t of known) masked = masked.replace(new RegExp(escapeRegExp(t), 'gi'), '(hidden)');
  return JSON.parse(masked) as P;
}

/** A stored report as a link holder may see it. */
export function publicReport<R extends { payload: unknown }>(stored: R): R {
  return { ...stored, payload: publicPayload(stored.payload) };
}
