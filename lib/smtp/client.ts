import net from 'node:net';
import tls from 'node:tls';
import { parseReplyLine, type SmtpReply } from './reply';

/**
 * A minimal line-based SMTP client for probing: connect, read the greeting, EHLO/HELO, STARTTLS,
 * QUIT. Every step has a deadline. It has no method for MAIL, RCPT or DATA on purpose: a probe
 * never starts a mail transaction.
 */

export type ProbeStage = 'connect' | 'banner' | 'ehlo' | 'starttls' | 'tls' | 'quit';
export type FailureKind = 'timeout' | 'refused' | 'unreachable' | 'reset' | 'closed' | 'protocol' | 'tls' | 'network';

export class SmtpProbeError extends Error {
  constructor(
    readonly stage: ProbeStage,
    readonly kind: FailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SmtpProbeError';
  }
}

const MAX_LINE = 4096;
const MAX_LINES = 200;

function kindOf(code: string | undefined): FailureKind {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EACCES':
    case 'EPERM':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    default:
      return 'network';
  }
}

export interface ConnectOptions {
  /** An IP address: callers resolve names and vet the address (lib/net/guard) first. */
  host: string;
  port: number;
  timeoutMs: number;
}

export class SmtpClient {
  private socket: net.Socket | tls.TLSSocket;
  private buffer = '';
  private pending: string[] = [];
  private waiter: (() => void) | undefined;
  private failure: { kind: FailureKind; message: string; code?: string } | undefined;
  private readonly onData = (d: Buffer) => this.feed(d.toString('latin1'));
  private readonly onError = (e: NodeJS.ErrnoException) => this.fail(kindOf(e.code), e.message, e.code);
  private readonly onClose = () => this.fail('closed', 'the server closed the connection');

  private constructor(socket: net.Socket, readonly timeoutMs: number) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Open the TCP connection; a SYN that is never answered ends as a "timeout" at the deadline. */
  static connect(opts: ConnectOptions): Promise<SmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: opts.host, port: opts.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new SmtpProbeError('connect', 'timeout', `no answer to the TCP connection to ${opts.host} port ${opts.port} within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new SmtpClient(socket, opts.timeoutMs));
      });
      socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new SmtpProbeError('connect', kindOf(e.code), `connecting to ${opts.host} port ${opts.port}: ${e.message}`, e.code));
      });
    });
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  get tlsSocket(): tls.TLSSocket | undefined {
    return this.socket instanceof tls.TLSSocket ? this.socket : undefined;
  }

  private attach(s: net.Socket) {
    s.on('data', this.onData);
    s.on('error', this.onError);
    s.on('close', this.onClose);
  }

  private detach(s: net.Socket) {
    s.off('data', this.onData);
    s.off('error', this.onError);
    s.off('close', this.onClose);
  }

  private feed(text: string) {
    this.buffer += text;
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      this.pending.push(this.buffer.slice(0, i).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(i + 1);
    }
    if (this.buffer.length > MAX_LINE) this.fail('protocol', `a reply line longer than ${MAX_LINE} bytes`);
    this.waiter?.();
  }

  private fail(kind: FailureKind, message: string, code?: string) {
    this.failure ??= { kind, message, code };
    this.waiter?.();
  }

  /** Read one complete (possibly multi-line) reply before the deadline. */
  readReply(stage: ProbeStage): Promise<SmtpReply> {
    return new Promise((resolve, reject) => {
      const lines: string[] = [];
      let code = 0;
      const timer = setTimeout(() => done(new SmtpProbeError(stage, 'timeout', `no complete reply within ${this.timeoutMs} ms (${stage})`)), this.timeoutMs);
      const done = (err?: SmtpProbeError, reply?: SmtpReply) => {
        clearTimeout(timer);
        this.waiter = undefined;
        if (err) reject(err);
        else resolve(reply!);
      };
      const pump = () => {
        while (this.pending.length) {
          const raw = this.pending.shift()!;
          const parsed = parseReplyLine(raw);
          if (!parsed || (code && parsed.code !== code)) return done(new SmtpProbeError(stage, 'protocol', `not an SMTP reply: "${raw.slice(0, 120)}"`));
          code = parsed.code;
          lines.push(parsed.text);
          if (lines.length > MAX_LINES) return done(new SmtpProbeError(stage, 'protocol', `a reply with more than ${MAX_LINES} lines`));
          if (parsed.last) return done(undefined, { code, lines });
        }
        if (this.failure) {
          const f = this.failure;
          return done(new SmtpProbeError(stage, f.kind, `${f.message} (${stage})`, f.code));
        }
      };
      this.waiter = pump;
      pump();
    });
  }

  private async command(line: string, stage: ProbeStage): Promise<SmtpReply> {
    if (/[\r\n]/.test(line)) throw new SmtpProbeError(stage, 'protocol', 'refusing to send a command containing a line break');
    this.socket.write(`${line}\r\n`);
    return this.readReply(stage);
  }

  ehlo(name: string): Promise<SmtpReply> {
    return this.command(`EHLO ${name}`, 'ehlo');
  }

  helo(name: string): Promise<SmtpReply> {
    return this.command(`HELO ${name}`, 'ehlo');
  }

  /** RFC 3207: STARTTLS, then the TLS handshake on the same connection (certificate checked by the caller). */
  async startTls(servername: string | undefined, ca?: string[]): Promise<{ reply: SmtpReply; socket?: tls.TLSSocket }> {
    const reply = await this.command('STARTTLS', 'starttls');
    if (reply.code !== 220) return { reply };
    const raw = this.socket as net.Socket;
    this.detach(raw);
    const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: raw, servername: servername && !net.isIP(servername) ? servername : undefined, rejectUnauthorized: false, ...(ca ? { ca } : {}) });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new SmtpProbeError('tls', 'timeout', `TLS handshake did not finish within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      s.once('secureConnect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        s.destroy();
        reject(new SmtpProbeError('tls', 'tls', `TLS handshake failed: ${e.message}`, e.code));
      });
    });
    this.socket = socket;
    this.buffer = '';
    this.pending = [];
    this.attach(socket);
    return { reply, socket };
  }

  /** Polite goodbye; errors are ignored (the probe already has what it needs). */
  async quit(): Promise<SmtpReply | undefined> {
    try {
      return await this.command('QUIT', 'quit');
    } catch {
      return undefined;
    } finally {
      this.close();
    }
  }

  close(): void {
    this.detach(this.socket);
    this.socket.on('error', () => {});
    this.socket.destroy();
  }
}
