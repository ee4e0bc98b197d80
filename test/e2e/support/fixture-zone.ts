import { generateKeyPairSync } from 'node:crypto';
import type { Zone } from '../../support/dns-server';

/** A self-hosted relay's domain as a setup guide would leave it half-done: no DMARC record yet. */
export const DOMAIN = 'selfhost.test';
export const SERVER_IP = '192.0.2.25';
export const SELECTOR = 'mail';

export function dkimKeys(): { privateKey: string; publicKeyB64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyB64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

export function relayZone(publicKeyB64: string): Zone {
  return {
    // 127.0.0.1 is where the test message really comes from (the SMTP listener sees loopback).
    [DOMAIN]: { TXT: [`v=spf1 ip4:${SERVER_IP} ip4:127.0.0.1 -all`], MX: [[10, `mail.${DOMAIN}`]], A: [SERVER_IP] },
    [`mail.${DOMAIN}`]: { A: [SERVER_IP] },
    [`${SELECTOR}._domainkey.${DOMAIN}`]: { TXT: [`v=DKIM1; k=rsa; p=${publicKeyB64}`] },
    '25.2.0.192.in-addr.arpa': { PTR: [`mail.${DOMAIN}`] },
  };
}

export const DMARC_RECORD = { TXT: [`v=DMARC1; p=none; rua=mailto:dmarc@${DOMAIN}`] };
