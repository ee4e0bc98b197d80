/**
 * The dashboard's HTTP server: Next.js's request handler behind node:http, so the one header the
 * rate limiter trusts is set from the socket. `next start` only fills X-Forwarded-For when the
 * request has none, which let any client pick its own rate-limit bucket. Unless the operator runs a
 * reverse proxy and says so (MXRAY_TRUST_PROXY=1), the forwarding headers are replaced here.
 * It also logs one JSON line per request and answers /metrics itself (the registry is per process).
 * Used by bin/server.ts (`npm start`, the container) and by the browser tests.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { trustProxy } from '../lib/api/client-id';
import { logger } from '../lib/ops/log';
import { recordHttp } from '../lib/ops/metrics';
import { metricsAuthorized, metricsRegistry } from '../lib/ops/prometheus';
import { routeLabel } from '../lib/ops/route-label';

// bin/http.ts under tsx, dist/server.mjs once bundled: the project root is one folder up from both.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function isLoopback(ip: string | undefined): boolean {
  return !!ip && (ip === '::1' || /^(::ffff:)?127\./.test(ip));
}

/** A proxy's request id is kept when the proxy is trusted and the id looks like one; else a new one. */
function requestId(req: http.IncomingMessage, trusted: boolean): string {
  const given = req.headers['x-request-id'];
  return trusted && typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (!metricsAuthorized(req.headers.authorization)) {
    res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="mxray metrics"' });
    res.end('metrics need Authorization: Bearer <MXRAY_METRICS_TOKEN>\n');
    return;
  }
  const registry = metricsRegistry();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(await registry.metrics());
}

export async function startHttp(opts: { port: number; host: string }): Promise<http.Server> {
  metricsRegistry(); // install the recorders before the first check runs
  const log = logger();
  const app = next({ dev: false, dir: root, hostname: opts.host, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trusted = trustProxy();
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const id = requestId(req, trusted);
    const route = routeLabel(req.url);
    res.setHeader('x-request-id', id);
    res.once('close', () => {
      const ms = Math.round(performance.now() - started);
      // No query string, no path parameters: the route pattern only (see routeLabel).
      log.info({ reqId: id, method: req.method, route, status: res.statusCode, ms, aborted: !res.writableFinished || undefined }, 'http');
      recordHttp(route, res.statusCode, ms);
    });
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
    if (route === '/metrics' && req.method === 'GET') {
      serveMetrics(req, res).catch((e: unknown) => {
        log.error({ err: e }, 'metrics: could not render');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
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
