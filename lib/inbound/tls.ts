import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';
import { certificateNames } from '../smtp/probe';

/**
 * The certificate the listener presents on STARTTLS. Without one, smtp-server falls back to its
 * built-in self-signed certificate: senders still encrypt (opportunistic TLS does not verify), but
 * a sender that enforces MTA-STS or DANE for mxray's domain would refuse to deliver. Operators point
 * MXRAY_SMTP_TLS_CERT and MXRAY_SMTP_TLS_KEY at PEM files (e.g. their ACME client's output); the
 * files are re-read when they change, so a renewed certificate needs no restart.
 */
export interface ListenerTlsFiles {
  certFile: string;
  keyFile: string;
}

export interface ListenerTls {
  key: string;
  cert: string;
  /** DNS names the certificate covers (subjectAltName, else the CN). */
  names: string[];
  validTo: Date;
}

function read(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new Error(`${variable}: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? (e as Error).message)})`);
  }
}

/** Reads and checks the pair; throws a sentence naming the setting at fault. */
export function loadListenerTls(files: ListenerTlsFiles): ListenerTls {
  const cert = read(files.certFile, 'MXRAY_SMTP_TLS_CERT');
  const key = read(files.keyFile, 'MXRAY_SMTP_TLS_KEY');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new Error(`MXRAY_SMTP_TLS_CERT: ${files.certFile} does not hold a PEM certificate`);
  }
  try {
    tls.createSecureContext({ key, cert });
  } catch (e) {
    const msg = (e as Error).message;
    if (/key values mismatch/i.test(msg)) throw new Error(`MXRAY_SMTP_TLS_KEY: the key in ${files.keyFile} does not belong to the certificate in ${files.certFile}`);
    throw new Error(`MXRAY_SMTP_TLS_KEY: ${files.keyFile} is not a usable PEM private key (${msg})`);
  }
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(x509.subject)?.[1];
  return { key, cert, names: certificateNames(x509.subjectAltName, cn), validTo: new Date(x509.validTo) };
}

/** What an operator should hear about the certificate at startup or after a reload. */
export function describeListenerTls(t: ListenerTls, now: Date = new Date()): string {
  const expired = t.validTo.getTime() <= now.getTime();
  // Senders that verify (MTA-STS, DANE) match these names against the MX host they connect to.
  return `STARTTLS certificate for ${t.names.join(', ') || '(no names)'}, valid until ${t.validTo.toISOString().slice(0, 10)}${expired ? ' (EXPIRED: senders that verify will refuse to deliver)' : ''}`;
}

/**
 * Polls the two files (a renewal replaces them) and hands a checked new pair to `apply`. A pair
 * that fails the checks is reported and the current certificate stays in use.
 */
export function watchListenerTls(files: ListenerTlsFiles, apply: (t: ListenerTls) => void, log: (line: string) => void, intervalMs = 60_000): () => void {
  let last = stamp(files);
  const onChange = () => {
    const now = stamp(files);
    if (now === last) return;
    last = now;
    try {
      apply(loadListenerTls(files));
    } catch (e) {
      log(`the changed certificate was not loaded, the previous one stays in use: ${(e as Error).message}`);
    }
  };
  fs.watchFile(files.certFile, { interval: intervalMs, persistent: false }, onChange);
  fs.watchFile(files.keyFile, { interval: intervalMs, persistent: false }, onChange);
  return () => {
    fs.unwatchFile(files.certFile, onChange);
    fs.unwatchFile(files.keyFile, onChange);
  };
}

function stamp(files: ListenerTlsFiles): string {
  const s = (f: string) => {
    try {
      const st = fs.statSync(f);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return 'missing';
    }
  };
  return `${s(files.certFile)}|${s(files.keyFile)}`;
}
