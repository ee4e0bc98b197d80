/**
 * The header section of pasted text: what mxray keeps when the user does not ask to store the whole
 * message (bodies can be private). Gmail's "Show original" page starts with a summary table whose
 * lines also look like headers ("From:", "SPF:"), so the real header block is taken to start at the
 * first trace or authentication header when there is one (RFC 5322 §3.6.7: trace fields come first).
 */
const TRACE = /^(delivered-to|return-path|received|arc-seal|arc-message-signature|arc-authentication-results|x-received|dkim-signature|authentication-results|received-spf|x-google-smtp-source):/i;
const FIELD = /^[!-9;-~]+:/;

export function headerSection(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let start = lines.findIndex((l) => TRACE.test(l));
  if (start < 0) start = lines.findIndex((l) => FIELD.test(l));
  if (start < 0) return '';
  let end = lines.length;
  for (let i = start; i < lines.length; i++) {
    if (lines[i]!.trim() === '') {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}
