/**
 * The dashboard's HTTP server: Next.js's request handler behind node:http, so the one header the
 * rate limiter trusts is set from the socket. `next start` only fills X-Forwarded-For when the
 * request has none, which let any client pick its own rate-limit bucket. Unless the operator runs a
 * reverse proxy and says so (MXRAY_TRUST_PROXY=1), the forwarding headers are replaced here.
 * Used by `npm start` (bin/serve.ts) and by the browser tests.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { trustProxy } from '../lib/api/client-id';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function isLoopback(ip: string | undefined): boolean {
  return !!ip && (ip === '::1' || /^(::ffff:)?127\./.test(ip));
}

export async function startHttp(opts: { port: number; host: string }): Promise<http.Server> {
  const app = next({ dev: false, dir: root, hostname: opts.host, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trusted = trustProxy();
  const server = http.createServer((req, res) => {
    if (!trusted) {
      req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
      delete req.headers['x-forwarded-proto'];
      // Kept from loopback only. After a form's server action, Next renders the next page by
      // fetching it from itself at the address it listens on (0.0.0.0 by default) and forwards the
      // browser's X-Forwarded-Host with it. Dropping that header made shareable links read
      // http://0.0.0.0:3000/r/…. A local client setting it only changes the links it sees itself.
      if (!isLoopback(req.socket.remoteAddress)) delete req.headers['x-forwarded-host'];
    }
    // Shareable links use the host the browser asked for.
    if (!req.headers['x-forwarded-host'] && req.headers.host) req.headers['x-forwarded-host'] = req.headers.host;
    void handle(req, res);
  });
  // Slow-loris bounds: a client must send its headers and body within these.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '0.0.0.0';
  startHttp({ port, host }).then(
    () => process.stdout.write(`mxray: dashboard on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}\n`),
    (e: Error) => {
      process.stderr.write(`mxray: could not start the dashboard: ${e.message}\n`);
      process.exit(1);
    },
  );
  const stop = () => process.exit(0);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
