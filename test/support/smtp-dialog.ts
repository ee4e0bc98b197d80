/**
 * A raw SMTP client for tests that must see each reply (RFC 5321 §4.2): which command got which
 * code. Every wait has a deadline so a silent server fails the test instead of hanging it.
 */
import net from 'node:net';

export interface SmtpReply {
  code: number;
  lines: string[];
  /** All lines' text joined with "\n", without the codes. */
  text: string;
}

export class SmtpDialog {
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((r: SmtpReply | Error) => void) | undefined;
  private closedError: Error | undefined;
  greeting!: SmtpReply;

  private constructor(private socket: net.Socket, private timeoutMs: number) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => this.onData(d));
    const fail = (e: Error) => {
      this.closedError = e;
      const w = this.waiting;
      this.waiting = undefined;
      w?.(e);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  /** `localAddress` (e.g. 127.0.0.2) makes the connection come from another loopback client. */
  static async connect(port: number, host = '127.0.0.1', timeoutMs = 15_000, localAddress?: string): Promise<SmtpDialog> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ port, host, ...(localAddress ? { localAddress } : {}) }, () => resolve(s));
      s.once('error', reject);
      s.setTimeout(timeoutMs, () => s.destroy(new Error('connect timeout')));
    });
    socket.setTimeout(0);
    const d = new SmtpDialog(socket, timeoutMs);
    d.greeting = await d.reply();
    return d;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let i: number;
    while ((i = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 2);
      this.lines.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) this.deliver();
    }
  }

  private pending: SmtpReply[] = [];
  private deliver(): void {
    const lines = this.lines;
    this.lines = [];
    const reply: SmtpReply = { code: Number(lines[lines.length - 1]!.slice(0, 3)), lines, text: lines.map((l) => l.slice(4)).join('\n') };
    const w = this.waiting;
    this.waiting = undefined;
    if (w) w(reply);
    else this.pending.push(reply);
  }

  /** The next reply from the server. */
  reply(): Promise<SmtpReply> {
    const queued = this.pending.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no SMTP reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting = (r) => {
        clearTimeout(timer);
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
    });
  }

  async command(line: string): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** DATA, then the message dot-stuffed (RFC 5321 §4.5.2); returns the reply to the final dot. */
  async data(message: string | Buffer): Promise<SmtpReply> {
    const go = await this.command('DATA');
    if (go.code !== 354) return go;
    let text = Buffer.isBuffer(message) ? message.toString('latin1') : message;
    text = text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    if (!text.endsWith('\r\n')) text += '\r\n';
    this.socket.write(Buffer.from(text, 'latin1'));
    this.socket.write('.\r\n');
    return this.reply();
  }

  /** Raw bytes on the wire, no reply awaited (a message sent in parts, e.g. mid-DATA at a shutdown). */
  write(raw: string): void {
    this.socket.write(Buffer.from(raw, 'latin1'));
  }

  /** The whole exchange for one message; stops at the first refusal and returns that reply. */
  async send(opts: { helo?: string; from: string; to: string[]; message: string | Buffer; mailParams?: string }): Promise<{ stage: 'HELO' | 'MAIL' | 'RCPT' | 'DATA' | 'DONE'; reply: SmtpReply }> {
    const ehlo = await this.command(`EHLO ${opts.helo ?? 'client.test'}`);
    if (ehlo.code !== 250) return { stage: 'HELO', reply: ehlo };
    const mail = await this.command(`MAIL FROM:<${opts.from}>${opts.mailParams ? ` ${opts.mailParams}` : ''}`);
    if (mail.code !== 250) return { stage: 'MAIL', reply: mail };
    for (const to of opts.to) {
      const rcpt = await this.command(`RCPT TO:<${to}>`);
      if (rcpt.code !== 250) return { stage: 'RCPT', reply: rcpt };
    }
    const data = await this.data(opts.message);
    return { stage: data.code === 250 ? 'DONE' : 'DATA', reply: data };
  }

  async quit(): Promise<void> {
    if (!this.closedError) {
      try {
        await this.command('QUIT');
      } catch {
        /* already gone */
      }
    }
    this.socket.destroy();
  }
}
