import tls from 'node:tls';
import { isIP } from 'node:net';
import { SmtpClient, SmtpProbeError, type FailureKind, type ProbeStage } from './client';
import { ehloExtensions, formatReply, greetingName, hasExtension, type SmtpReply } from './reply';

export interface ProbeOptions {
  ip: string;
  port: number;
  /** Deadline for each step (connect, each reply, TLS handshake). */
  timeoutMs: number;
  /** Name to send in EHLO; default the address literal of our side of the connection (RFC 5321 §4.1.3). */
  heloName?: string;
  /** Try STARTTLS when offered and inspect the certificate. */
  starttls?: boolean;
  /** Name expected on the certificate (the MX host name). */
  servername?: string;
  /** Extra trusted CAs (tests). */
  ca?: string[];
}

export interface CertificateView {
  subject?: string;
  /** DNS names from subjectAltName (and CN when there is no SAN). */
  names: string[];
  issuer?: string;
  validFrom?: string;
  validTo?: string;
  daysLeft?: number;
  selfSigned: boolean;
  /** Chains to a trusted CA (Node's store, plus `ca`). */
  trusted: boolean;
  trustError?: string;
  /** The name the certificate was checked against, and whether it covers it. */
  checkedName?: string;
  nameMatches?: boolean;
  protocol?: string;
  cipher?: string;
}

export interface SmtpProbe {
  ip: string;
  port: number;
  /** connected: TCP handshake done; greeted: a 220 banner arrived. */
  connected: boolean;
  banner?: string;
  bannerCode?: number;
  bannerName?: string;
  ehlo?: string;
  ehloName?: string;
  extensions: string[];
  starttlsOffered: boolean;
  tls?: CertificateView;
  /** After STARTTLS, the EHLO reply again (RFC 3207 §4.2: the server forgets what it knew). */
  extensionsAfterTls?: string[];
  /**
   * The certificate chain the server presented, DER in base64, its own certificate first: what DANE
   * (TLSA) records are matched against. Bulky: callers drop it before storing a report.
   */
  peerChain?: string[];
  failure?: { stage: ProbeStage; kind: FailureKind; message: string; code?: string };
  /** Milliseconds to connect and to receive the banner. */
  connectMs?: number;
  bannerMs?: number;
  ms: number;
}

/**
 * The DNS names a certificate is for: its subjectAltName DNS entries, or its CN when it has none
 * (RFC 6125 §6.4.4), lower-cased. `subjectAltName` is Node's text form ("DNS:a, DNS:b, IP:…").
 */
export function certificateNames(subjectAltName: string | undefined, cn: string | undefined): string[] {
  const san = (subjectAltName ?? '').split(',').map((s) => s.trim()).filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4).toLowerCase());
  return san.length ? san : cn ? [cn.toLowerCase()] : [];
}

/** Walk Node's detailed peer certificate from the server's certificate up; stops at a self-issued one. */
function peerChain(socket: tls.TLSSocket): string[] {
  const out: string[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert?.raw && out.length < 10) {
    const b64 = cert.raw.toString('base64');
    if (seen.has(b64)) break;
    seen.add(b64);
    out.push(b64);
    cert = cert.issuerCertificate;
  }
  return out;
}

function certView(socket: tls.TLSSocket, checkedName: string | undefined): CertificateView {
  const cert = socket.getPeerCertificate();
  const cn = typeof cert.subject?.CN === 'string' ? cert.subject.CN : undefined;
  const names = certificateNames(cert.subjectaltname, cn);
  const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined;
  const selfSigned = !!cert.issuer && !!cert.subject && JSON.stringify(cert.issuer) === JSON.stringify(cert.subject);
  const cipher = socket.getCipher();
  const view: CertificateView = {
    subject: cn,
    names,
    issuer: typeof cert.issuer?.CN === 'string' ? cert.issuer.CN : typeof cert.issuer?.O === 'string' ? cert.issuer.O : undefined,
    validFrom: cert.valid_from ? new Date(cert.valid_from).toISOString() : undefined,
    validTo: validTo?.toISOString(),
    daysLeft: validTo ? Math.floor((validTo.getTime() - Date.now()) / 86_400_000) : undefined,
    selfSigned,
    trusted: socket.authorized,
    ...(socket.authorizationError ? { trustError: String(socket.authorizationError) } : {}),
    protocol: socket.getProtocol() ?? undefined,
    cipher: cipher?.name,
  };
  if (checkedName && !isIP(checkedName)) {
    view.checkedName = checkedName;
    // The same rules as any TLS client (RFC 6125): SAN dNSName, one-label wildcards.
    view.nameMatches = tls.checkServerIdentity(checkedName, cert) === undefined;
  }
  return view;
}

/**
 * Connect, read the banner, EHLO (HELO if EHLO is refused), optionally STARTTLS + EHLO, QUIT.
 * Never throws and never sends MAIL FROM: how far it got is in the result.
 */
export async function probeSmtp(opts: ProbeOptions): Promise<SmtpProbe> {
  const started = Date.now();
  const result: SmtpProbe = { ip: opts.ip, port: opts.port, connected: false, extensions: [], starttlsOffered: false, ms: 0 };
  let client: SmtpClient | undefined;
  try {
    client = await SmtpClient.connect({ host: opts.ip, port: opts.port, timeoutMs: opts.timeoutMs });
    result.connected = true;
    result.connectMs = Date.now() - started;
    const banner = await client.readReply('banner');
    result.bannerMs = Date.now() - started;
    result.banner = formatReply(banner);
    result.bannerCode = banner.code;
    result.bannerName = greetingName(banner);
    // RFC 5321 §3.1: 554 instead of 220 means "no service for you"; do not go on talking.
    if (banner.code !== 220) return result;
    const helo = opts.heloName ?? `[${client.localAddress ?? '127.0.0.1'}]`.replace(/^\[(.*:.*)\]$/, '[IPv6:$1]');
    let ehlo: SmtpReply = await client.ehlo(helo);
    if (ehlo.code >= 500 && ehlo.code < 600) ehlo = await client.helo(helo);
    result.ehlo = formatReply(ehlo);
    result.ehloName = greetingName(ehlo);
    result.extensions = ehloExtensions(ehlo);
    result.starttlsOffered = hasExtension(result.extensions, 'STARTTLS');
    if (opts.starttls && result.starttlsOffered) {
      const { reply, socket } = await client.startTls(opts.servername ?? result.ehloName ?? result.bannerName, opts.ca);
      if (!socket) {
        result.failure = { stage: 'starttls', kind: 'protocol', message: `STARTTLS was offered but refused: ${formatReply(reply)}` };
      } else {
        result.tls = certView(socket, opts.servername ?? result.ehloName ?? result.bannerName);
        result.peerChain = peerChain(socket);
        result.extensionsAfterTls = ehloExtensions(await client.ehlo(helo));
      }
    }
  } catch (e) {
    const err = e as SmtpProbeError;
    result.failure = err instanceof SmtpProbeError ? { stage: err.stage, kind: err.kind, message: err.message, ...(err.code ? { code: err.code } : {}) } : { stage: 'connect', kind: 'network', message: String((e as Error).message) };
  } finally {
    if (client) await client.quit();
    result.ms = Date.now() - started;
  }
  return result;
}
