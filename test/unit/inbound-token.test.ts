import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyRecipient, newToken, normalizeToken, TOKEN_PATTERN, testAddressFor } from '@/lib/inbound/token';
import { inboundConfigFromEnv, mailDomainFromEnv } from '@/lib/inbound/config';

describe('test-address tokens', () => {
  it('are 26 lowercase base32 characters carrying 128 random bits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const t = newToken();
      expect(t).toMatch(TOKEN_PATTERN);
      seen.add(t);
    }
    expect(seen.size).toBe(2000);
    // Every position but the last (which holds 3 of 5 bits) takes all 32 symbols over many draws.
    const firsts = new Set([...seen].map((t) => t[0]));
    expect(firsts.size).toBe(32);
  });

  it('are found again in any case and any of the forms a user may paste', () => {
    const t = newToken();
    for (const form of [t, t.toUpperCase(), `t-${t}`, `T-${t.toUpperCase()}`, testAddressFor(t, 'mxray.example')]) expect(normalizeToken(form)).toBe(t);
    expect(normalizeToken('t-short')).toBeNull();
    expect(normalizeToken(`${t}0`)).toBeNull();
    expect(normalizeToken('../../etc/passwd')).toBeNull();
  });
});

describe('recipient classification at RCPT', () => {
  const domain = 'mxray.example';
  it('accepts only t-<token>@<mail domain>, case-insensitively', () => {
    const t = newToken();
    expect(classifyRecipient(`t-${t}@${domain}`, domain)).toEqual({ kind: 'test-address', token: t });
    expect(classifyRecipient(`T-${t.toUpperCase()}@MXRAY.Example.`, domain)).toEqual({ kind: 'test-address', token: t });
  });
  it('accepts postmaster at our domain or without one, in any case (RFC 5321 §4.5.1), not at other domains', () => {
    expect(classifyRecipient(`postmaster@${domain}`, domain)).toEqual({ kind: 'postmaster' });
    expect(classifyRecipient(`PostMaster@${domain.toUpperCase()}`, domain)).toEqual({ kind: 'postmaster' });
    expect(classifyRecipient('Postmaster', domain)).toEqual({ kind: 'postmaster' });
    expect(classifyRecipient('postmaster@gmail.com', domain)).toEqual({ kind: 'foreign-domain', domain: 'gmail.com' });
  });
  it('calls other local parts at our domain unknown, and other domains relaying', () => {
    expect(classifyRecipient(`abuse@${domain}`, domain)).toEqual({ kind: 'unknown-local' });
    expect(classifyRecipient(`t-${newToken()}x@${domain}`, domain)).toEqual({ kind: 'unknown-local' });
    expect(classifyRecipient(`t-${newToken()}@sub.${domain}`, domain)).toEqual({ kind: 'foreign-domain', domain: `sub.${domain}` });
    expect(classifyRecipient('victim@gmail.com', domain)).toEqual({ kind: 'foreign-domain', domain: 'gmail.com' });
  });
  it('never classifies an address outside the mail domain as ours (property)', () => {
    fc.assert(fc.property(fc.emailAddress(), (addr) => {
      const v = classifyRecipient(addr, domain);
      if (!addr.toLowerCase().endsWith(`@${domain}`)) expect(v.kind).toBe('foreign-domain');
    }));
  });
});

describe('listener settings', () => {
  it('defaults to port 2525, 10 MB and 24 hours', () => {
    const c = inboundConfigFromEnv({});
    expect(c).toMatchObject({ port: 2525, host: '0.0.0.0', mailDomain: 'mxray.localhost', maxBytes: 10 * 1024 * 1024, ttlHours: 24 });
  });
  it('refuses bad values with the variable name', () => {
    expect(() => inboundConfigFromEnv({ SMTP_PORT: 'abc' })).toThrow(/SMTP_PORT/);
    expect(() => inboundConfigFromEnv({ MXRAY_SMTP_MAX_BYTES: '-1' })).toThrow(/MXRAY_SMTP_MAX_BYTES/);
    expect(() => mailDomainFromEnv({ MXRAY_MAIL_DOMAIN: 'not a domain' })).toThrow(/MXRAY_MAIL_DOMAIN/);
    expect(mailDomainFromEnv({ MXRAY_MAIL_DOMAIN: 'Mail.Example.COM.' })).toBe('mail.example.com');
  });
});
