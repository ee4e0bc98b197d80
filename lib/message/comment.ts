/**
 * An RFC 5322 §3.2.2 comment, as it appears in Authentication-Results and Received fields:
 * "(" ... ")" with nesting, and quoted-pairs ("\)" is a literal parenthesis, not the end).
 * `start` is the index of the opening "("; an unterminated comment runs to the end of the text.
 * One pass, copying runs of plain text as slices: linear in the comment's length.
 */
export function readComment(s: string, start: number): { text: string; end: number } {
  let depth = 0;
  const parts: string[] = [];
  let runStart = start;
  let i = start;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i);
    if (d !== 0x5c && d !== 0x28 && d !== 0x29) continue;
    if (i > runStart) parts.push(s.slice(runStart, i));
    if (d === 0x5c) {
      // Quoted-pair: the next character is literal; a trailing backslash is kept as itself.
      if (i + 1 < s.length) i++;
      runStart = i;
      continue;
    }
    runStart = i + 1;
    if (d === 0x28) {
      if (depth > 0) parts.push('(');
      depth++;
    } else {
      depth--;
      if (depth === 0) return { text: parts.join(''), end: i + 1 };
      parts.push(')');
    }
  }
  if (i > runStart) parts.push(s.slice(runStart, i));
  return { text: parts.join(''), end: i };
}

/**
 * Replaces each "(" … first ")" with `replacement`, as `s.replace(/\([^)]*\)/g, replacement)` did,
 * but in one pass: that regex rescanned to the end of the text from every unclosed "(".
 */
export function replaceParenGroups(s: string, replacement: string): string {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const open = s.indexOf('(', i);
    if (open < 0) break;
    const close = s.indexOf(')', open + 1);
    // No ")" after this "(" means none after any later "(" either: the rest stays as it is.
    if (close < 0) break;
    parts.push(s.slice(i, open), replacement);
    i = close + 1;
  }
  parts.push(s.slice(i));
  return parts.join('');
}

/** The text of the first "(" … ")" group, as `/\(([^)]*)\)/.exec(s)?.[1]` found it, without rescanning. */
export function firstParenGroup(s: string): string | undefined {
  const open = s.indexOf('(');
  const close = open < 0 ? -1 : s.indexOf(')', open + 1);
  return close < 0 ? undefined : s.slice(open + 1, close);
}
