/**
 * A sending setup that meets every Gmail, Yahoo and Outlook.com rule, and single defects of it:
 * per domain, the DNS (SPF, DKIM key, DMARC, MX, PTR of the server IP) and a DKIM-signed test
 * message received over TLS with one-click unsubscribe. Keys are made per test run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { Zone } from './dns-server';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicKey = rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

export interface SenderSetup {
  domain: string;
  ip: string;
  selector: string;
}

/** DNS for a compliant sender `domain` sending from `ip` (a 192.0.2.x address); `omit` drops records. */
export function senderZone(s: SenderSetup, omit: { spf?: boolean; dmarc?: boolean; ptr?: boolean; dkim?: boolean } = {}): Zone {
  const host = `mail.${s.domain}`;
  const zone: Zone = {
    [s.domain]: { MX: [[10, host]], ...(omit.spf ? {} : { TXT: [`v=spf1 ip4:${s.ip} -all`] }) },
    [host]: { A: [s.ip] },
  };
  if (!omit.dkim) zone[`${s.selector}._domainkey.${s.domain}`] = { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] };
  if (!omit.dmarc) zone[`_dmarc.${s.domain}`] = { TXT: [`v=DMARC1; p=reject; rua=mailto:dmarc@${s.domain}`] };
  if (!omit.ptr) zone[`${s.ip.split('.').reverse().join('.')}.in-addr.arpa`] = { PTR: [host] };
  return zone;
}

export interface MessageOptions {
  sign?: boolean;
  messageId?: boolean;
  oneClick?: boolean;
  tls?: boolean;
  twoFroms?: boolean;
}

/** A test message as the receiver (mx.receiver.test) stored it, newest Received first. */
export async function senderMessage(s: SenderSetup, o: MessageOptions = {}): Promise<string> {
  const { sign = true, messageId = true, oneClick = true, tls = true, twoFroms = false } = o;
  const headers = [
    `From: News <news@${s.domain}>`,
    ...(twoFroms ? [`From: Other <other@${s.domain}>`] : []),
    'To: bob@receiver.test',
    'Subject: Our November news',
    'Date: Mon, 01 Dec 2026 10:00:00 +0000',
    ...(messageId ? [`Message-ID: <n-1@${s.domain}>`] : []),
    ...(oneClick ? [`List-Unsubscribe: <https://${s.domain}/u/1>`, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  const message = `${headers.join('\r\n')}\r\n\r\nHello Bob,\r\n\r\nhere is our news.\r\n`;
  let signed = message;
  if (sign) {
    const res = await dkimSign(message, { signatureData: [{ signingDomain: s.domain, selector: s.selector, privateKey, algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed' }] } as never);
    signed = (res as unknown as { signatures: string }).signatures + message;
  }
  const received = `Received: from mail.${s.domain} (mail.${s.domain} [${s.ip}]) by mx.receiver.test with ${tls ? 'ESMTPS id r1 (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384)' : 'ESMTP id r1'}; Mon, 01 Dec 2026 10:00:02 +0000\r\n`;
  // As the final receiver stores it: the envelope sender as Return-Path, its own Received on top.
  return `Return-Path: <bounce@${s.domain}>\r\n${received}${signed}`;
}

export const envelopeOf = (s: SenderSetup) => ({ ip: s.ip, helo: `mail.${s.domain}`, mailFrom: `bounce@${s.domain}` });
