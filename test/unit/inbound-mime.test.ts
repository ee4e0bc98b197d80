import { describe, expect, it } from 'vitest';
import { findForwardedOriginal } from '@/lib/inbound/forwarded';
import { decodeEncodedWords, headerField, multipartParts, parseContentType, splitHeaderBody } from '@/lib/inbound/mime';

const original = ['Received: from a.example by b.example; Wed, 25 Nov 2026 10:00:00 +0000', 'From: Bob <bob@origin.example>', 'Subject: Original', '', 'body line', '.leading dot', ''].join('\r\n');

function wrap(parts: string[], type = 'multipart/mixed', boundary = 'b1'): Buffer {
  return Buffer.from([
    'From: Me <me@fwd.example>', 'Subject: =?utf-8?Q?Fwd:_caf=C3=A9?=', 'MIME-Version: 1.0', `Content-Type: ${type};`, `\tboundary="${boundary}"`, '',
    'preamble', ...parts.flatMap((p) => [`--${boundary}`, p]), `--${boundary}--`, 'epilogue', '',
  ].join('\r\n'));
}

describe('MIME walk', () => {
  it('splits header and body at the first empty line, CRLF or LF', () => {
    expect(splitHeaderBody(Buffer.from('A: 1\r\nB: 2\r\n\r\nbody\r\n'))).toEqual({ header: 'A: 1\r\nB: 2', body: Buffer.from('body\r\n') });
    expect(splitHeaderBody(Buffer.from('A: 1\n\nbody')).body.toString()).toBe('body');
  });
  it('unfolds header fields and reads parameters (RFC 2045 §5.1, RFC 2231)', () => {
    const h = 'Content-Type: multipart/mixed;\r\n\tboundary="a b;c"; charset=utf-8\r\nX: y';
    expect(headerField(h, 'content-type')).toBe('multipart/mixed; boundary="a b;c"; charset=utf-8');
    expect(parseContentType(headerField(h, 'content-type'))).toEqual({ type: 'multipart/mixed', params: { boundary: 'a b;c', charset: 'utf-8' } });
    expect(parseContentType("application/octet-stream; name*=utf-8''r%C3%A9sum%C3%A9.eml").params.name).toBe('résumé.eml');
    expect(parseContentType(undefined).type).toBe('text/plain');
  });
  it('keeps part bytes exact: the CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1)', () => {
    const body = Buffer.from('pre\r\n--x\r\nA: 1\r\n\r\none\r\n\r\n--x\r\n\r\ntwo\r\n--x--\r\nepi');
    expect(multipartParts(body, 'x').map(String)).toEqual(['A: 1\r\n\r\none\r\n', '\r\ntwo']);
    expect(multipartParts(Buffer.from('--x\r\nonly, unterminated'), 'x').map(String)).toEqual(['only, unterminated']);
    expect(multipartParts(Buffer.from('text with --x inside\r\n--x\r\np\r\n--x--'), 'x').map(String)).toEqual(['p']);
  });
  it('decodes RFC 2047 encoded-words for display', () => {
    expect(decodeEncodedWords('=?utf-8?Q?Fwd:_caf=C3=A9?=')).toBe('Fwd: café');
    expect(decodeEncodedWords('=?ISO-8859-1?B?SGFsbPY=?= =?utf-8?q?_du?=')).toBe('Hallö du');
    expect(decodeEncodedWords('=?bogus-charset?Q?x?=')).toBe('=?bogus-charset?Q?x?=');
  });
});

describe('forwarded as attachment', () => {
  it('finds the one attached message/rfc822 and keeps its bytes exactly', () => {
    const f = findForwardedOriginal(wrap(['Content-Type: text/plain\r\n\r\nsee below', `Content-Type: message/rfc822\r\n\r\n${original}`]));
    expect(f?.original.toString()).toBe(original);
    expect(f?.attachedAs).toBe('message/rfc822');
    expect(f?.wrapper).toEqual({ subject: 'Fwd: café', from: 'Me <me@fwd.example>' });
  });
  it('undoes a base64 transfer encoding some clients put on the attachment', () => {
    const f = findForwardedOriginal(wrap([`Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(original).toString('base64').replace(/.{76}/g, '$&\r\n')}`]));
    expect(f?.original.toString()).toBe(original);
  });
  it('accepts an .eml file attached as application/octet-stream, also inside a nested multipart', () => {
    const inner = ['Content-Type: multipart/mixed; boundary=inner', '', '--inner', 'Content-Type: application/octet-stream; name="msg.eml"', 'Content-Disposition: attachment; filename="msg.eml"', '', original, '--inner--'].join('\r\n');
    const f = findForwardedOriginal(wrap([inner]));
    expect(f?.attachedAs).toBe('eml-file');
    expect(f?.filename).toBe('msg.eml');
    expect(f?.original.toString()).toBe(`${original}`);
  });
  it('leaves plain messages, bounces and messages with several attached messages alone', () => {
    expect(findForwardedOriginal(Buffer.from(original))).toBeNull();
    expect(findForwardedOriginal(wrap([`Content-Type: message/rfc822\r\n\r\n${original}`], 'multipart/report; report-type=delivery-status'))).toBeNull();
    expect(findForwardedOriginal(wrap([`Content-Type: message/rfc822\r\n\r\n${original}`, `Content-Type: message/rfc822\r\n\r\n${original}`]))).toBeNull();
    expect(findForwardedOriginal(wrap(['Content-Type: message/rfc822\r\n\r\nnot a message at all']))).toBeNull();
  });
});
