/**
 * An RFC 5322 §3.2.2 comment, as it appears in Authentication-Results and Received fields:
 * "(" ... ")" with nesting, and quoted-pairs ("\)" is a literal parenthesis, not the end).
 * `start` is the index of the opening "("; an unterminated comment runs to the end of the text.
 */
export function readComment(s: string, start: number): { text: string; end: number } {
  let depth = 0;
  let text = '';
  let i = start;
  for (; i < s.length; i++) {
    const d = s[i]!;
    if (d === '\\' && i + 1 < s.length) {
      text += s[++i];
      continue;
    }
    if (d === '(') {
      if (depth > 0) text += d;
      depth++;
    } else if (d === ')') {
      depth--;
      if (depth === 0) return { text, end: i + 1 };
      text += d;
    } else text += d;
  }
  return { text, end: i };
}
