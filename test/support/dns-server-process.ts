/**
 * The test DNS server in its own process, for benchmarks: a real resolver never shares the
 * checker's CPU, so measuring both in one event loop would charge the server's packet work to
 * mxray. Line protocol on stdin/stdout: the child prints {"port":N} once listening; "log\n" →
 * one JSON line with the received queries; "clear\n" clears them; "zone <json>\n" replaces the zone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TestDnsServer, type ReceivedQuery, type Zone } from './dns-server';

const here = path.dirname(fileURLToPath(import.meta.url));

export class DnsServerProcess {
  private lines: readline.Interface;
  private waiting: ((line: string) => void)[] = [];
  port = 0;

  private constructor(private child: ChildProcess) {
    this.lines = readline.createInterface({ input: child.stdout! });
    this.lines.on('line', (l) => this.waiting.shift()?.(l));
  }

  static async start(zone: Zone, latencyMs = 0): Promise<DnsServerProcess> {
    const tsx = path.join(here, '..', '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [fileURLToPath(import.meta.url), String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const p = new DnsServerProcess(child);
    child.stdin!.write(`zone ${JSON.stringify(zone)}\n`);
    const hello = JSON.parse(await p.next()) as { port: number };
    p.port = hello.port;
    return p;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  private next(): Promise<string> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async received(): Promise<ReceivedQuery[]> {
    this.child.stdin!.write('log\n');
    return JSON.parse(await this.next()) as ReceivedQuery[];
  }

  async clearLog(): Promise<void> {
    this.child.stdin!.write('clear\n');
    await this.next();
  }

  async stop(): Promise<void> {
    this.child.stdin!.end();
    await new Promise((r) => this.child.once('exit', r));
  }
}

// Child side.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const server = new TestDnsServer({ latencyMs: Number(process.argv[2] ?? 0) });
  let started = false;
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    if (line.startsWith('zone ')) {
      server.setZone(JSON.parse(line.slice(5)) as Zone);
      if (!started) {
        started = true;
        await server.start();
        process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
      } else process.stdout.write('ok\n');
    } else if (line === 'log') process.stdout.write(`${JSON.stringify(server.received)}\n`);
    else if (line === 'clear') {
      server.clearLog();
      process.stdout.write('ok\n');
    }
  });
  rl.on('close', () => server.stop().then(() => process.exit(0)));
}
