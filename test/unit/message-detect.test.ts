/** Input format detection: raw message (CRLF/LF), headers only, mbox, Gmail "Show original" text. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectInput } from '@/lib/message/detect';
import { parseHeaderSection, splitMessage } from '@/lib/message/headers';

const fixture = readFileSync(path.resolve(__dirname, '../fixtures/messages/gmail-show-original-synthetic.txt'));

describe('detectInput', () => {
  it('Gmail "Show original": summary rows read, raw source starts after "Copy to clipboard"', () => {
    const d = detectInput(fixture);
    expect(d.format).toBe('gmail-original');
    expect(d.raw.toString('utf8').startsWith('Delivered-To: reader@example.net')).toBe(true);
    expect(d.gmailSummary).toMatchObject({ From: 'Newsletter <news@example.com>', To: 'reader@example.net', Subject: 'March news', 'Created at': 'Fri, Mar 1, 2024 at 11:15 AM (Delivered after 2 seconds)' });
  });
  it('Gmail page copied without the marker line: the source starts after the summary rows', () => {
    const text = fixture.toString('utf8').replace(/Download Original\tCopy to clipboard\t\n/, '');
    const d = detectInput(Buffer.from(text));
    expect(d.format).toBe('gmail-original');
    expect(d.raw.toString('utf8').startsWith('Delivered-To:')).toBe(true);
  });
  it('raw message with CRLF or LF, leading blank lines and an mbox "From " line', () => {
    for (const eol of ['\r\n', '\n']) {
      const msg = `${eol}${eol}From sender@example.com Mon Jan  1 10:00:00 2024${eol}Subject: hi${eol} there${eol}From: a@example.com${eol}${eol}body${eol}`;
      const d = detectInput(Buffer.from(msg));
      expect(d.format).toBe('eml');
      const { head, body } = splitMessage(d.raw);
      const { fields } = parseHeaderSection(head);
      expect(fields.map((f) => [f.key, f.value])).toEqual([['subject', 'hi there'], ['from', 'a@example.com']]);
      expect(body?.toString()).toBe(`body${eol}`);
    }
  });
  it('headers only: no blank line means no body', () => {
    expect(splitMessage(Buffer.from('From: a@example.com\r\nTo: b@example.com\r\n')).body).toBeNull();
  });
});
