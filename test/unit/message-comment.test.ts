import { describe, expect, it } from 'vitest';
import { readComment } from '@/lib/message/comment';
import { tokenize } from '@/lib/message/authres';
import { parseReceived } from '@/lib/message/received';

describe('RFC 5322 comments', () => {
  it('reads nested comments and quoted-pairs, and says where the comment ended', () => {
    const s = 'x (a (b) \\) c) tail';
    const r = readComment(s, 2);
    expect(r).toEqual({ text: 'a (b) ) c', end: 14 });
    expect(s.slice(r.end)).toBe(' tail');
  });

  it('runs an unterminated comment to the end', () => {
    expect(readComment('(open', 0)).toEqual({ text: 'open', end: 5 });
  });

  it('is the same reader in Authentication-Results and Received', () => {
    expect(tokenize('mx.example; spf=pass (sender \\(ok\\)) smtp.mailfrom=a@b.example').find((t) => t.t === 'comment')?.v).toBe('sender (ok)');
    const hop = parseReceived('from mail.example (mail.example [192.0.2.1] \\(note\\)) by mx.example; Tue, 1 Jan 2030 00:00:00 +0000');
    expect(hop.ip).toBe('192.0.2.1');
  });
});
