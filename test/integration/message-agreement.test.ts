/**
 * Message reports that agree with the receiver: real Gmail-received messages whose
 * Authentication-Results say pass, pasted as Gmail's "Show original" page shows them and again with
 * trailing whitespace and line endings altered, get a passing headline; where mxray's re-verification
 * of the copy differs, a note says why. DNS comes from the messages' own snapshots (blaze test/cache)
 * through the test dns2 server. Also: fixes on message findings, proven with the record overlaid.
 * Corpora (../shared/corpora/headers-real/SOURCES.md): blaze @ 29466aea test/*.mail + test/cache (MIT).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '@/lib/message';
import type { MessageAnalysis } from '@/lib/message/types';
import type { Zone } from '../support/dns-server';
import { testCheckContext, useTestDns } from '../support/check-context';
import { CORPORA } from '../support/corpora';

const dir = path.join(CORPORA, 'headers-real/blaze');
const zone: Zone = {
  'fixme.test': { TXT: ['v=spf1 ip4:192.0.2.10 -all'] },
  '_dmarc.fixme.test': { TXT: ['v=DMARC1; p=none'] },
  'denied.test': { TXT: ['v=spf1 -ip4:203.0.113.77 -all'] },
};
for (const f of readdirSync(path.join(dir, 'cache'))) {
  zone[f.replace(/\.dns$/, '')] = { TXT: readFileSync(path.join(dir, 'cache', f), 'utf8').split('\n').filter((l) => l.startsWith('txt:')).map((l) => l.slice(4)) };
}
const dns = useTestDns(zone);
const ctx = () => testCheckContext(dns().address, { timeoutMs: 1000 });

/** The message as Gmail's "Show original" page shows it (layout of test/fixtures/messages/gmail-show-original-synthetic.txt). */
function asGmailShowsIt(raw: string): string {
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
  return [
    'Original Message',
    `Message ID\t${header('Message-ID')}`,
    `Created at:\t${header('Date')}`,
    `From:\t${header('From')}`,
    `To:\t${header('To')}`,
    `Subject:\t${header('Subject')}`,
    'SPF:\tPASS with IP 192.0.2.1 Learn more',
    'DMARC:\t\'PASS\' Learn more',
    '',
    'Download Original\tCopy to clipboard\t',
    raw.replace(/\r\n/g, '\n'),
  ].join('\n');
}

/** What copying from a web page does: trailing spaces on every line, LF line endings. */
const altered = (text: string) => text.replace(/\r?\n/g, ' \n');
/** Only the body's lines changed: trailing spaces and CRLF → LF (the header/body blank line kept). */
function bodyAltered(text: string): string {
  const at = text.search(/\r?\n\r?\n/);
  return text.slice(0, at) + text.slice(at).replace(/([^\r\n])\r?\n/g, '$1  \n');
}

const notes = (a: MessageAnalysis) => a.findings.filter((f) => f.code.startsWith('message.reverify-') || f.code === 'message.arc-receiver-seal');

describe('Gmail passed it: the headline follows mx.google.com', () => {
  const cases = ['001', '002', '004'];
  it.each(cases)('%s as Gmail shows it: passing headline, nothing red', async (n) => {
    const a = await analyzeMessage(asGmailShowsIt(readFileSync(path.join(dir, `${n}.mail`), 'utf8')), { ctx: ctx() });
    expect(a.input?.format).toBe('gmail-original');
    expect(a.headline).toMatchObject({ status: 'pass', basis: 'receiver' });
    expect(a.headline?.text).toMatch(/^mx\.google\.com passed this message: SPF pass, DKIM pass, DMARC pass\./);
    expect(a.findings.filter((f) => f.severity === 'fail')).toEqual([]);
  });

  it.each(cases)('%s with trailing whitespace and LF line endings: still passing, the difference is a note', async (n) => {
    const a = await analyzeMessage(altered(asGmailShowsIt(readFileSync(path.join(dir, `${n}.mail`), 'utf8'))), { ctx: ctx() });
    expect(a.headline).toMatchObject({ status: 'pass', basis: 'receiver' });
    expect(a.status).not.toBe('fail');
    expect(a.findings.filter((f) => f.severity === 'fail')).toEqual([]);
    // mxray's own copy no longer verifies the same way, and the report says why, as a note.
    expect(notes(a).length).toBeGreaterThan(0);
    for (const f of notes(a)) expect(f.severity).toBe('info');
  });

  it('001 altered: the DKIM note names the paste (trailing spaces, LF) and the key rotation as likely causes', async () => {
    const a = await analyzeMessage(altered(asGmailShowsIt(readFileSync(path.join(dir, '001.mail'), 'utf8'))), { ctx: ctx() });
    const dkim = a.findings.filter((f) => f.code === 'message.reverify-dkim-differs');
    expect(dkim.map((f) => f.data?.domain).sort()).toEqual(['github.com', 'sendgrid.info']);
    expect(dkim[0]!.detail).toMatch(/^The receiver \(mx\.google\.com\) verified DKIM d=\S+ as pass when the message arrived/);
    expect(dkim[0]!.detail).toMatch(/lines of the paste end in spaces; the paste has LF line endings/);
    expect(dkim[0]!.detail).toMatch(/rotated/);
    expect(a.verified.dkim.every((d) => d.result !== 'pass')).toBe(true);
  });

  it('002 altered: ARC on Google\'s own seal (i=1, d=google.com) is a note, not the sender\'s finding', async () => {
    const a = await analyzeMessage(altered(asGmailShowsIt(readFileSync(path.join(dir, '002.mail'), 'utf8'))), { ctx: ctx() });
    expect(a.verified.arc?.result).toBe('fail');
    expect(a.findings.map((f) => f.code)).not.toContain('message.arc-fail');
    expect(a.findings.find((f) => f.code === 'message.arc-receiver-seal')?.detail).toMatch(/added by google\.com, the receiver itself/);
  });

  it.each(cases)('%s with the body\'s whitespace and line endings altered: passing headline', async (n) => {
    const a = await analyzeMessage(bodyAltered(readFileSync(path.join(dir, `${n}.mail`), 'utf8')), { ctx: ctx() });
    expect(a.headline).toMatchObject({ status: 'pass', basis: 'receiver' });
    expect(a.findings.filter((f) => f.severity === 'fail')).toEqual([]);
  });

  it('a body hash mismatch on a copy is explained as an altered paste or a change in transit', async () => {
    // Change one word of the body: no canonicalization forgives that, so the body hash cannot match.
    const raw = readFileSync(path.join(dir, '004.mail'), 'utf8');
    const at = raw.search(/\r?\n\r?\n/);
    const changed = raw.slice(0, at) + raw.slice(at).replace(/[a-z]{6,}/, (w) => w.toUpperCase());
    const a = await analyzeMessage(changed, { ctx: ctx() });
    expect(a.verified.dkim[0]).toMatchObject({ result: 'fail', bodyHash: 'mismatch' });
    expect(a.headline?.status).toBe('pass');
    const note = a.findings.find((f) => f.code === 'message.reverify-dkim-differs');
    expect(note?.severity).toBe('info');
    expect(note?.detail).toMatch(/the copy altered the body.*modified in transit/);
  });

  it('without a receiver (mxray\'s verdicts decide) a body hash mismatch stays a failure', async () => {
    const raw = readFileSync(path.join(dir, '004.mail'), 'utf8').replace(/^Authentication-Results:.*(\r?\n[ \t].*)*\r?\n/gim, '').replace(/^ARC-Authentication-Results:.*(\r?\n[ \t].*)*\r?\n/gim, '').replace(/^Received-SPF:.*(\r?\n[ \t].*)*\r?\n/gim, '');
    const at = raw.search(/\r?\n\r?\n/);
    const a = await analyzeMessage(raw.slice(0, at) + raw.slice(at).replace(/[a-z]{6,}/, (w) => w.toUpperCase()), { ctx: ctx() });
    expect(a.headline).toMatchObject({ status: 'fail', basis: 'mxray' });
    expect(a.findings.map((f) => f.code)).toContain('message.dkim-body-hash');
  });
});

const plain = (from: string, extra = '') => `${extra}From: Alice <alice@${from}>\r\nTo: t@mxray.test\r\nSubject: hi\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@${from}>\r\n\r\nHello\r\n`;

describe('message findings carry the fix, proven where it is a record', () => {
  it('SPF fail → "add ip4:203.0.113.77" to the existing record, proven by evaluating SPF with it overlaid', async () => {
    const a = await analyzeMessage(plain('fixme.test'), { ctx: ctx(), envelope: { ip: '203.0.113.77', helo: 'relay.fixme.test', mailFrom: 'bounce@fixme.test' } });
    const f = a.findings.find((x) => x.code === 'message.spf-fail');
    expect(f?.fix).toMatchObject({
      where: 'dns',
      summary: 'Add `ip4:203.0.113.77` to the SPF record of fixme.test (before its "all").',
      record: { name: 'fixme.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.10 ip4:203.0.113.77 -all' },
      proof: { result: 'pass' },
    });
  });

  it('an IPv6 sender gets ip6:', async () => {
    const a = await analyzeMessage(plain('fixme.test'), { ctx: ctx(), envelope: { ip: '2001:db8::25', helo: 'relay.fixme.test', mailFrom: 'bounce@fixme.test' } });
    expect(a.findings.find((x) => x.code === 'message.spf-fail')?.fix?.record?.value).toBe('v=spf1 ip4:192.0.2.10 ip6:2001:db8::25 -all');
  });

  it('when adding the IP would not make SPF pass, no record is offered and the reason is given', async () => {
    const a = await analyzeMessage(plain('denied.test'), { ctx: ctx(), envelope: { ip: '203.0.113.77', helo: 'relay.denied.test', mailFrom: 'bounce@denied.test' } });
    const fix = a.findings.find((x) => x.code === 'message.spf-fail')?.fix;
    expect(fix?.record).toBeUndefined();
    expect(fix?.summary).toMatch(/would not make SPF pass \(mxray's trial gave fail/);
  });

  it('no SPF record → a new record with the IP, proven; no DMARC → a starter record', async () => {
    const a = await analyzeMessage(plain('nospf.test'), { ctx: ctx(), envelope: { ip: '203.0.113.77', helo: 'relay.nospf.test', mailFrom: 'bounce@nospf.test' } });
    expect(a.findings.find((x) => x.code === 'message.spf-none')?.fix).toMatchObject({ record: { name: 'nospf.test', value: 'v=spf1 ip4:203.0.113.77 ~all' }, proof: { result: 'pass' } });
    expect(a.findings.find((x) => x.code === 'message.dmarc-none')?.fix?.record).toMatchObject({ name: '_dmarc.nospf.test', value: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@nospf.test' });
    expect(a.findings.find((x) => x.code === 'message.dmarc-none')?.fix?.proof?.result).toBe('pass'); // proven by the DMARC check with the record overlaid
    expect(a.findings.find((x) => x.code === 'message.dkim-none')?.fix?.setting?.line).toBe('opendkim-genkey -b 2048 -s mail -d nospf.test');
  });

  it('a plain-text border hop → the Postfix TLS setting', async () => {
    const received = 'Received: from relay.fixme.test (relay.fixme.test [198.51.100.9])\r\n\tby mx.receiver.example with ESMTP id abc\r\n\tfor <t@receiver.example>; Mon, 01 Jan 2024 10:00:02 +0000\r\n';
    const a = await analyzeMessage(plain('fixme.test', received), { ctx: ctx() });
    expect(a.findings.find((x) => x.code === 'message.border-no-tls')?.fix).toMatchObject({ where: 'relay', setting: { file: '/etc/postfix/main.cf', line: 'smtp_tls_security_level = may' } });
  });
});

describe('DKIM key missing', () => {
  it('a signature whose key is not published → where to publish it and how to print it from the private key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { dkimSign } = await import('mailauth');
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const msg = plain('fixme.test');
    const res = (await dkimSign(msg, { signatureData: [{ signingDomain: 'fixme.test', selector: 'nokey', privateKey: key, algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed' }] } as never)) as unknown as { signatures: string };
    const a = await analyzeMessage(res.signatures + msg, { ctx: ctx(), envelope: { ip: '192.0.2.10', helo: 'relay.fixme.test', mailFrom: 'bounce@fixme.test' } });
    const fix = a.findings.find((f) => f.code === 'message.dkim-no-key')?.fix;
    expect(fix?.summary).toMatch(/as a TXT record at nokey\._domainkey\.fixme\.test/);
    expect(fix?.setting?.line).toMatch(/^openssl rsa -in \/etc\/opendkim\/keys\/fixme\.test\/nokey\.private -pubout/);
  });
});
