/** SMTP probe pieces without a network: reply parsing (RFC 5321 §4.2), targets, port-25 verdicts, limits. */
import { describe, expect, it } from 'vitest';
import { ehloExtensions, greetingName, hasExtension, parseReplyLine } from '@/lib/smtp/reply';
import { parseTargetSpec, readTargetSpec } from '@/lib/smtp/targets';
import { ProbeLimiter } from '@/lib/smtp/limits';
import { classifyPort25 } from '@/lib/checks/port25';
import type { SmtpProbe } from '@/lib/smtp/probe';

describe('SMTP replies', () => {
  it('parses continuation and last lines, and a bare code', () => {
    expect(parseReplyLine('250-PIPELINING')).toEqual({ code: 250, last: false, text: 'PIPELINING' });
    expect(parseReplyLine('250 OK')).toEqual({ code: 250, last: true, text: 'OK' });
    expect(parseReplyLine('220')).toEqual({ code: 220, last: true, text: '' });
    expect(parseReplyLine('HTTP/1.1 400 Bad Request')).toBeNull();
  });

  it('takes the greeting name from the first word, and refuses junk', () => {
    expect(greetingName({ code: 220, lines: ['mx.example.com ESMTP Postfix'] })).toBe('mx.example.com');
    expect(greetingName({ code: 250, lines: ['MX.Example.COM. Hello [192.0.2.1]'] })).toBe('mx.example.com');
    expect(greetingName({ code: 220, lines: ['[192.0.2.1] ready'] })).toBe('[192.0.2.1]');
    expect(greetingName({ code: 220, lines: ['*** welcome ***'] })).toBeUndefined();
  });

  it('lists EHLO extensions after the greeting line', () => {
    const ehlo = { code: 250, lines: ['mx.example.com', 'PIPELINING', 'SIZE 10240000', 'starttls', '8BITMIME'] };
    expect(ehloExtensions(ehlo)).toEqual(['PIPELINING', 'SIZE 10240000', 'STARTTLS', '8BITMIME']);
    expect(hasExtension(ehloExtensions(ehlo), 'STARTTLS')).toBe(true);
    expect(ehloExtensions({ code: 502, lines: ['no'] })).toEqual([]);
  });
});

describe('probe targets', () => {
  it('reads name, name:port, IPv4:port, bare IPv6 and [IPv6]:port', () => {
    expect(parseTargetSpec('gmail.com', 25)).toEqual({ name: 'gmail.com', port: 25 });
    expect(parseTargetSpec('mx.example.com:2525', 25)).toEqual({ name: 'mx.example.com', port: 2525 });
    expect(parseTargetSpec('192.0.2.1:587', 25)).toEqual({ name: '192.0.2.1', port: 587 });
    expect(parseTargetSpec('2001:db8::1', 25)).toEqual({ name: '2001:db8::1', port: 25 });
    expect(parseTargetSpec('[2001:db8::1]:26', 25)).toEqual({ name: '2001:db8::1', port: 26 });
    expect(parseTargetSpec('x:99999', 25)).toEqual({ error: '"x:99999": bad port' });
    expect(parseTargetSpec('[::1', 25)).toEqual({ error: '"[::1": write an IPv6 address as [address] or [address]:port' });
    expect(readTargetSpec('Bücher.example:2525', 25)).toEqual({ name: 'xn--bcher-kva.example', port: 2525, ip: false });
    expect(readTargetSpec('[2001:db8::1]:26', 25)).toEqual({ name: '2001:db8::1', port: 26, ip: true });
    expect(readTargetSpec('exa..mple.com:26', 25)).toEqual({ error: '"exa..mple.com" has an empty label (two dots in a row).', port: 26 });
  });
});

describe('port 25 verdicts', () => {
  const base: SmtpProbe = { ip: '192.0.2.1', port: 25, connected: false, extensions: [], starttlsOffered: false, ms: 1 };
  it('a greeting is reachable, a 554 greeting is reachable but rejected', () => {
    expect(classifyPort25({ ...base, connected: true, banner: '220 mx', bannerCode: 220 })).toEqual({ status: 'reachable', reason: 'greeted' });
    expect(classifyPort25({ ...base, connected: true, banner: '554 go away', bannerCode: 554 })).toEqual({ status: 'reachable', reason: 'rejected' });
  });
  it('an unanswered SYN is blocked, a reset or ICMP unreachable is refused, a silent server is blocked (no banner)', () => {
    expect(classifyPort25({ ...base, failure: { stage: 'connect', kind: 'timeout', message: '' } })).toEqual({ status: 'blocked', reason: 'timeout' });
    expect(classifyPort25({ ...base, failure: { stage: 'connect', kind: 'refused', message: '', code: 'ECONNREFUSED' } })).toEqual({ status: 'refused', reason: 'ECONNREFUSED' });
    expect(classifyPort25({ ...base, failure: { stage: 'connect', kind: 'unreachable', message: '', code: 'EHOSTUNREACH' } }).status).toBe('refused');
    expect(classifyPort25({ ...base, connected: true, failure: { stage: 'banner', kind: 'timeout', message: '' } })).toEqual({ status: 'blocked', reason: 'no-banner' });
  });
});

describe('probe limits per client', () => {
  it('allows a budget per window, then refuses with the wait, then allows again', () => {
    let now = 0;
    const l = new ProbeLimiter(5, 60_000, () => now);
    expect(l.take('a', 3).ok).toBe(true);
    expect(l.take('a', 3)).toMatchObject({ ok: false, remaining: 2, retryAfterMs: 60_000 });
    expect(l.take('b', 5).ok).toBe(true); // clients are separate
    expect(l.take('a', 2)).toMatchObject({ ok: true, remaining: 0 });
    now = 60_001;
    expect(l.take('a', 5).ok).toBe(true);
  });
});
