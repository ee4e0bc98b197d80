import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { checkTarget } from '../../net/guard';

/** RFC 8461 §3.3: senders may limit the policy body to 64 KiB. */
export const POLICY_MAX_BYTES = 64 * 1024;
export const POLICY_PATH = '/.well-known/mta-sts.txt';

export interface CertInfo {
  subject?: string;
  issuer?: string;
  altNames?: string;
  validTo?: string;
}

export interface FetchAttempt {
  address: string;
  outcome: 'response' | 'refused-by-guard' | 'connect-error' | 'tls-error' | 'timeout' | 'too-large';
  detail?: string;
}

/** What happened when mxray asked for the policy, as data the evaluator can judge. */
export type PolicyFetch =
  | { kind: 'response'; address: string; status: number; location?: string; contentType?: string; body: string; cert?: CertInfo; ms: number; attempts: FetchAttempt[] }
  | { kind: 'too-large'; address: string; bytes: number; attempts: FetchAttempt[] }
  | { kind: 'tls-error'; address: string; code: string; message: string; attempts: FetchAttempt[] }
  | { kind: 'connect-error'; code: string; message: string; attempts: FetchAttempt[] }
  | { kind: 'timeout'; ms: number; attempts: FetchAttempt[] }
  | { kind: 'refused'; reasons: string[]; attempts: FetchAttempt[] };

export interface FetchOptions {
  /** The policy host, mta-sts.<domain>: used for SNI, certificate checking and the Host header. */
  host: string;
  /** Its addresses, as resolved through mxray's own DNS. */
  addresses: string[];
  port: number;
  /** Total deadline for all attempts. */
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM); replaces the default roots when given (tests). */
  ca?: string | Buffer;
  allowPrivate?: boolean;
}

/**
 * Fetch https://<host>/.well-known/mta-sts.txt the way RFC 8461 §3.3 asks senders to: HTTPS with
 * a certificate valid for the policy host, no redirects followed, a size limit and a deadline.
 * Connects to the addresses mxray resolved itself (after the outbound target guard), never to
 * whatever the system resolver says; SNI and certificate checks still use the host name.
 */
export async function fetchPolicy(opts: FetchOptions): Promise<PolicyFetch> {
  const attempts: FetchAttempt[] = [];
  const reasons: string[] = [];
  const allowed: string[] = [];
  for (const address of opts.addresses) {
    const verdict = checkTarget(address, opts.allowPrivate);
    if (verdict.allowed) allowed.push(address);
    else {
      reasons.push(verdict.reason ?? `${address} is not allowed`);
      attempts.push({ address, outcome: 'refused-by-guard', detail: verdict.reason });
    }
  }
  if (allowed.length === 0) return { kind: 'refused', reasons, attempts };

  const deadline = Date.now() + opts.timeoutMs;
  let last: PolicyFetch | undefined;
  for (const address of allowed) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const r = await fetchOnce(opts, address, remaining);
    attempts.push(r.attempt);
    last = { ...r.result, attempts } as PolicyFetch;
    // Only a failure to connect is worth trying the next address for; an answer is an answer.
    if (r.result.kind !== 'connect-error') return last;
  }
  return last ?? { kind: 'timeout', ms: opts.timeoutMs, attempts };
}

type Once = { result: DistributiveOmit<PolicyFetch, 'attempts'>; attempt: FetchAttempt };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

function fetchOnce(opts: FetchOptions, address: string, timeoutMs: number): Promise<Once> {
  // https.request can throw synchronously (e.g. an unusable CA bundle); that is a result too.
  return requestOnce(opts, address, timeoutMs).catch((e: Error & { code?: string }) => ({
    result: { kind: 'connect-error', code: e.code ?? 'ERROR', message: e.message },
    attempt: { address, outcome: 'connect-error', detail: e.message },
  }));
}

function requestOnce(opts: FetchOptions, address: string, timeoutMs: number): Promise<Once> {
  const started = Date.now();
  return new Promise<Once>((resolve) => {
    let settled = false;
    const done = (o: Once) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(o);
    };
    const req = https.request({
      host: address,
      port: opts.port,
      servername: opts.host,
      method: 'GET',
      path: POLICY_PATH,
      headers: { Host: opts.port === 443 ? opts.host : `${opts.host}:${opts.port}`, 'User-Agent': 'mxray MTA-STS check', Accept: 'text/plain' },
      agent: false,
      rejectUnauthorized: true,
      ...(opts.ca ? { ca: opts.ca } : {}),
    });
    const timer = setTimeout(() => {
      done({ result: { kind: 'timeout', ms: timeoutMs }, attempt: { address, outcome: 'timeout', detail: `no complete answer within ${timeoutMs} ms` } });
    }, timeoutMs);
    req.on('error', (e: Error & { code?: string }) => {
      const code = e.code ?? 'ERROR';
      if (isTlsError(code)) {
        done({ result: { kind: 'tls-error', address, code, message: e.message }, attempt: { address, outcome: 'tls-error', detail: `${code}: ${e.message}` } });
      } else {
        done({ result: { kind: 'connect-error', code, message: e.message }, attempt: { address, outcome: 'connect-error', detail: `${code}: ${e.message}` } });
      }
    });
    req.on('response', (res: IncomingMessage) => {
      const cert = certInfo(res.socket as TLSSocket);
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > POLICY_MAX_BYTES) {
          done({ result: { kind: 'too-large', address, bytes }, attempt: { address, outcome: 'too-large', detail: `more than ${POLICY_MAX_BYTES} bytes` } });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const location = res.headers.location;
        done({
          result: {
            kind: 'response',
            address,
            status: res.statusCode ?? 0,
            ...(location ? { location } : {}),
            ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
            ...(cert ? { cert } : {}),
            ms: Date.now() - started,
          },
          attempt: { address, outcome: 'response', detail: `HTTP ${res.statusCode}` },
        });
      });
      res.on('error', (e: Error & { code?: string }) => {
        done({ result: { kind: 'connect-error', code: e.code ?? 'ERROR', message: e.message }, attempt: { address, outcome: 'connect-error', detail: e.message } });
      });
    });
    req.end();
  });
}

/** Certificate and handshake failures: the sender would refuse this policy host, so they are findings, not retries. */
function isTlsError(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME|ALTNAME/.test(code);
}

function certInfo(socket: TLSSocket | undefined): CertInfo | undefined {
  if (!socket || typeof socket.getPeerCertificate !== 'function') return undefined;
  const c = socket.getPeerCertificate();
  if (!c || Object.keys(c).length === 0) return undefined;
  const name = (x: unknown) => (x && typeof x === 'object' ? (x as Record<string, unknown>).CN : undefined);
  const subject = name(c.subject);
  const issuer = name(c.issuer);
  return {
    ...(typeof subject === 'string' ? { subject } : {}),
    ...(typeof issuer === 'string' ? { issuer } : {}),
    ...(c.subjectaltname ? { altNames: c.subjectaltname } : {}),
    ...(c.valid_to ? { validTo: new Date(c.valid_to).toISOString() } : {}),
  };
}
