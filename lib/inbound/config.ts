/**
 * Settings of the inbound SMTP listener and of test addresses, read from the environment once per
 * caller. Bad values are refused with a sentence naming the variable, never silently clamped.
 */

export interface InboundConfig {
  /** SMTP_PORT: 2525 by default; 25 in production (the port other MTAs deliver to). */
  port: number;
  /** SMTP_HOST: the address to bind. */
  host: string;
  /** MXRAY_MAIL_DOMAIN: the domain of test addresses t-<token>@<domain>. */
  mailDomain: string;
  /** MXRAY_SMTP_MAX_BYTES: largest message accepted (announced in EHLO SIZE, RFC 1870). */
  maxBytes: number;
  /** MXRAY_SMTP_MAX_CLIENTS: concurrent connections; more get 421 and are closed. */
  maxClients: number;
  /** MXRAY_SMTP_MAX_MESSAGES: messages one connection may send before it must reconnect. */
  maxMessagesPerConnection: number;
  /** Recipients per message: a test message goes to one test address, a few is generous. */
  maxRecipients: number;
  /** MXRAY_SMTP_MAX_CLIENTS_PER_IP: open connections per sender (IPv4 address or IPv6 /64); 0 = no limit. */
  maxConnectionsPerClient: number;
  /** MXRAY_SMTP_MESSAGES_PER_MIN_PER_IP: messages per sender per minute; 0 = no limit. */
  messagesPerMinutePerClient: number;
  /** MXRAY_SMTP_TIMEOUT_MS: idle time after which a connection is closed with 421. */
  socketTimeoutMs: number;
  /** MXRAY_TEST_ADDRESS_TTL_HOURS: how long a new test address accepts mail. */
  ttlHours: number;
  /** MXRAY_SMTP_TLS_CERT + MXRAY_SMTP_TLS_KEY: PEM files for STARTTLS (else a built-in self-signed one). */
  tls?: ListenerTlsFiles;
}

import type { ListenerTlsFiles } from './tls';

export const DEFAULT_MAIL_DOMAIN = 'mxray.localhost';

type Env = Record<string, string | undefined>;

function intFromEnv(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
  return n;
}

/** RFC 1035 §2.3.1 letters-digits-hyphen labels; the domain is compared against RCPT TO as ASCII. */
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function mailDomainFromEnv(env: Env = process.env): string {
  const raw = (env.MXRAY_MAIL_DOMAIN ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (!raw) return DEFAULT_MAIL_DOMAIN;
  if (!DOMAIN_PATTERN.test(raw)) throw new Error(`MXRAY_MAIL_DOMAIN must be a domain name in ASCII (punycode for IDNs), e.g. mxray.example.com (got "${env.MXRAY_MAIL_DOMAIN}")`);
  return raw;
}

export function testAddressTtlHours(env: Env = process.env): number {
  return intFromEnv(env, 'MXRAY_TEST_ADDRESS_TTL_HOURS', 24, 1, 24 * 365);
}

export function inboundConfigFromEnv(env: Env = process.env): InboundConfig {
  return {
    port: intFromEnv(env, 'SMTP_PORT', 2525, 0, 65535),
    host: (env.SMTP_HOST ?? '').trim() || '0.0.0.0',
    mailDomain: mailDomainFromEnv(env),
    maxBytes: intFromEnv(env, 'MXRAY_SMTP_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxClients: intFromEnv(env, 'MXRAY_SMTP_MAX_CLIENTS', 100, 1, 10_000),
    maxMessagesPerConnection: intFromEnv(env, 'MXRAY_SMTP_MAX_MESSAGES', 1000, 1, 1_000_000),
    maxConnectionsPerClient: intFromEnv(env, 'MXRAY_SMTP_MAX_CLIENTS_PER_IP', 10, 0, 10_000),
    messagesPerMinutePerClient: intFromEnv(env, 'MXRAY_SMTP_MESSAGES_PER_MIN_PER_IP', 60, 0, 1_000_000),
    maxRecipients: 10,
    socketTimeoutMs: intFromEnv(env, 'MXRAY_SMTP_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    ttlHours: testAddressTtlHours(env),
    ...tlsFilesFromEnv(env),
  };
}

function tlsFilesFromEnv(env: Env): { tls?: ListenerTlsFiles } {
  const certFile = (env.MXRAY_SMTP_TLS_CERT ?? '').trim();
  const keyFile = (env.MXRAY_SMTP_TLS_KEY ?? '').trim();
  if (!certFile && !keyFile) return {};
  if (!certFile || !keyFile) throw new Error(`set both MXRAY_SMTP_TLS_CERT and MXRAY_SMTP_TLS_KEY (PEM files), or neither; only ${certFile ? 'MXRAY_SMTP_TLS_CERT' : 'MXRAY_SMTP_TLS_KEY'} is set`);
  return { tls: { certFile, keyFile } };
}

/** MXRAY_SMTP_DISABLE=1: the app starts without the listener (e.g. when bin/smtp.ts runs it apart). */
export function inboundDisabled(env: Env = process.env): boolean {
  const v = (env.MXRAY_SMTP_DISABLE ?? '').trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}
