/** SMTP replies (RFC 5321 §4.2): pure parsing, no I/O. */

export interface SmtpReply {
  code: number;
  /** Text of each line without the code and separator. */
  lines: string[];
}

/** One reply line: "250-PIPELINING" or "250 OK" (a bare "250" ends a reply too). */
export function parseReplyLine(line: string): { code: number; last: boolean; text: string } | null {
  const m = /^(\d{3})(?:([ -])(.*))?$/.exec(line);
  if (!m) return null;
  return { code: Number(m[1]), last: m[2] !== '-', text: m[3] ?? '' };
}

/**
 * The name a server gives in its greeting or EHLO reply: the first word of the first line
 * (RFC 5321 §4.1.1.1 and §4.2: "220 <domain> ..." / "250 <domain> ...").
 */
export function greetingName(reply: SmtpReply | undefined): string | undefined {
  const word = reply?.lines[0]?.trim().split(/\s+/)[0];
  if (!word) return undefined;
  // An address literal ([192.0.2.1]) or a plain domain; anything else is not a name.
  if (/^\[[0-9a-f:.]+\]$/i.test(word)) return word.toLowerCase();
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(word) ? word.toLowerCase().replace(/\.$/, '') : undefined;
}

/** EHLO keywords (RFC 5321 §4.1.1.1): every line after the first, upper-cased keyword first. */
export function ehloExtensions(reply: SmtpReply | undefined): string[] {
  if (!reply || reply.code !== 250) return [];
  return reply.lines.slice(1).map((l) => l.trim()).filter(Boolean).map((l) => {
    const [kw, ...rest] = l.split(/\s+/);
    return [kw!.toUpperCase(), ...rest].join(' ');
  });
}

export function hasExtension(extensions: string[], keyword: string): boolean {
  return extensions.some((e) => e.split(' ')[0] === keyword.toUpperCase());
}

/** A reply as one line for reports ("250 mx.example.com Hello"). */
export function formatReply(reply: SmtpReply | undefined): string | undefined {
  if (!reply) return undefined;
  return `${reply.code} ${reply.lines.join(' / ')}`.slice(0, 500);
}
