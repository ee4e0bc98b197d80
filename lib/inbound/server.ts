import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { AcceptanceCache } from './acceptance-cache';
import { inboundConfigFromEnv, type InboundConfig } from './config';
import { replies, storedText } from './replies';
import { storeReceivedMessage, type ReceiveOptions } from './receive';
import { SmtpClientLimits } from './client-limits';
import { classifyRecipient } from './token';
import { describeListenerTls, loadListenerTls, watchListenerTls } from './tls';
import { receiptSession, type TlsFacts } from './session-facts';
import type { InboundEnvelope } from './types';
import { logSmtpSession, noteAccepted, refuse } from './session-log';
import { recordSmtpSession } from '../ops/metrics';

export interface StartInboundOptions extends Partial<InboundConfig> {
  /** Builds the check context per message (tests point it at their DNS server). */
  context?: ReceiveOptions['context'];
  /** Where operational messages go (storage failures, listener errors); default stderr. */
  log?: (line: string) => void;
  /** How often the certificate files are checked for a renewal (tests shorten it). */
  tlsReloadMs?: number;
}

export interface InboundServer {
  port: number;
  host: string;
  mailDomain: string;
  /** Stops accepting connections; open sessions get `graceMs` (default 5 s) to finish their message, then 421. */
  close(graceMs?: number): Promise<void>;
  /** Whether the socket still accepts connections (the health check asks). */
  listening(): boolean;
}

/** A connection arriving on a dual-stack socket shows IPv4 as ::ffff:a.b.c.d; SPF needs the IPv4 form. */
function plainIp(ip: string | undefined): string {
  const s = ip ?? '';
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  return m ? m[1]! : s;
}

function envelopeOf(session: SMTPServerSession): InboundEnvelope {
  const mailFrom = session.envelope.mailFrom;
  return {
    ip: plainIp(session.remoteAddress),
    helo: session.hostNameAppearsAs,
    mailFrom: mailFrom ? mailFrom.address : '',
    rcptTo: session.envelope.rcptTo.map((r) => r.address),
    tls: session.secure,
  };
}

/** Socket errors that only mean a client went away; not worth a log line each. */
const QUIET_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_DESTROYED']);

/**
 * The live test-address listener. It accepts mail only for existing, unexpired
 * t-<token>@<mailDomain> addresses (never relays), verifies each message with the real connecting
 * IP, HELO and MAIL FROM, and answers 250 only after the report is committed.
 */
export async function startInboundServer(opts: StartInboundOptions = {}): Promise<InboundServer> {
  const { context, log: logOpt, tlsReloadMs, ...overrides } = opts;
  const cfg: InboundConfig = { ...inboundConfigFromEnv(), ...overrides };
  const log = logOpt ?? ((line: string) => process.stderr.write(`mxray smtp: ${line}\n`));
  const mailDomain = cfg.mailDomain.toLowerCase();
  const acceptance = new AcceptanceCache();
  // The negotiated TLS version per session: smtp-server keeps only the cipher (session.tlsOptions).
  const tlsBySession = new Map<string, TlsFacts>();
  const limits = new SmtpClientLimits(cfg);
  // A bad certificate setting stops startup with the reason, rather than falling back silently.
  const tlsPair = cfg.tls ? loadListenerTls(cfg.tls) : undefined;
  if (tlsPair) log(describeListenerTls(tlsPair));

  const server = new SMTPServer({
    name: mailDomain,
    banner: `mxray test-mail listener (mail for t-<token>@${mailDomain} only)`,
    // RFC 1870: announced in EHLO, a larger MAIL FROM SIZE= gets 552 before any data is sent.
    size: cfg.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH'],
    // The IP and HELO are what SPF judges; a PTR lookup per connection would only add latency.
    disableReverseLookup: true,
    maxClients: cfg.maxClients,
    maxRecipients: cfg.maxRecipients,
    socketTimeout: cfg.socketTimeoutMs,
    closeTimeout: 5000,
    logger: false,
    ...(tlsPair ? { key: tlsPair.key, cert: tlsPair.cert } : {}),

    onConnect(session, callback) {
      recordSmtpSession();
      const refusal = limits.connect(session);
      callback(refusal ? refuse(session, 'too-many-connections', refusal) : undefined);
    },

    onSecure(socket, session, callback) {
      tlsBySession.set(session.id, { protocol: 'getProtocol' in socket ? (socket.getProtocol() ?? 'TLS') : 'TLS', cipher: session.tlsOptions ? session.tlsOptions.standardName || session.tlsOptions.name : 'unknown' });
      callback();
    },

    onClose(session) {
      limits.close(session);
      tlsBySession.delete(session.id);
      logSmtpSession(session);
    },

    onMailFrom(_address, session, callback) {
      if (session.transaction > cfg.maxMessagesPerConnection) return callback(refuse(session, 'too-many-messages', replies.tooManyMessages(cfg.maxMessagesPerConnection)));
      limits.message(session).then((refusal) => callback(refusal ? refuse(session, 'message-rate', refusal) : undefined), () => callback());
    },

    onRcptTo(address, session, callback) {
      const verdict = classifyRecipient(address.address, mailDomain);
      if (verdict.kind === 'postmaster') return callback();
      if (verdict.kind === 'foreign-domain') return callback(refuse(session, 'relay-denied', replies.relayDenied(address.address, mailDomain)));
      if (verdict.kind === 'unknown-local') return callback(refuse(session, 'unknown-address', replies.unknownAddress(address.address)));
      acceptance.check(verdict.token).then(
        (state) => {
          if (state === 'accept') callback();
          else callback(state === 'expired' ? refuse(session, 'expired-address', replies.expiredAddress(address.address)) : refuse(session, 'unknown-address', replies.unknownAddress(address.address)));
        },
        (e: unknown) => {
          log(`could not look up a test address: ${e instanceof Error ? e.message : String(e)}`);
          callback(refuse(session, 'lookup-failed', replies.lookupFailed()));
        },
      );
    },

    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let kept = 0;
      stream.on('data', (chunk: Buffer) => {
        // Bounded: past the limit the rest is read and dropped, the reply is 552 at the end.
        if (kept + chunk.length <= cfg.maxBytes) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      stream.once('end', () => {
        if (stream.sizeExceeded) return callback(refuse(session, 'too-big', replies.tooBig(cfg.maxBytes)));
        const envelope = envelopeOf(session);
        const tokens = [...new Set(envelope.rcptTo.flatMap((a) => {
          const v = classifyRecipient(a, mailDomain);
          return v.kind === 'test-address' ? [v.token] : [];
        }))];
        // Mail for postmaster alone is stored as an ordinary received-message report with no test address.
        const toPostmaster = envelope.rcptTo.some((a) => classifyRecipient(a, mailDomain).kind === 'postmaster');
        if (tokens.length === 0 && !toPostmaster) return callback(refuse(session, 'no-test-address', replies.noTestAddress()));
        const smtp = receiptSession(session, envelope, tlsBySession.get(session.id), mailDomain, kept);
        storeReceivedMessage({ raw: Buffer.concat(chunks, kept), envelope, tokens, receivedAt: new Date(), session: smtp }, { context }).then(
          (r) => {
            noteAccepted(session);
            callback(null, storedText(r.reportId));
          },
          (e: unknown) => {
            log(`message from ${envelope.ip} not stored, answered 451: ${e instanceof Error ? e.message : String(e)}`);
            callback(refuse(session, 'not-stored', replies.notStored()));
          },
        );
      });
    },
  });

  server.on('error', (e: Error & { code?: string }) => {
    if (!e.code || !QUIET_ERRORS.has(e.code)) log(`listener error: ${e.message}`);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error & { code?: string }) => {
      reject(new Error(e.code === 'EADDRINUSE'
        ? `SMTP port ${cfg.host}:${cfg.port} is already in use; set SMTP_PORT to a free port or MXRAY_SMTP_DISABLE=1`
        : e.code === 'EACCES'
          ? `not allowed to listen on ${cfg.host}:${cfg.port} (ports below 1024 need root or CAP_NET_BIND_SERVICE)`
          : `could not listen on ${cfg.host}:${cfg.port}: ${e.message}`));
    };
    server.server.once('error', onError);
    server.listen(cfg.port, cfg.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  const unwatchTls = cfg.tls
    ? watchListenerTls(cfg.tls, (t) => {
        server.updateSecureContext({ key: t.key, cert: t.cert });
        log(`reloaded: ${describeListenerTls(t)}`);
      }, log, tlsReloadMs)
    : undefined;

  return {
    port,
    host: cfg.host,
    mailDomain,
    close: (graceMs?: number) => {
      unwatchTls?.();
      // smtp-server reads closeTimeout when close() starts its timer.
      if (graceMs !== undefined) server.options.closeTimeout = graceMs;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
    listening: () => server.server.listening,
  };
}
