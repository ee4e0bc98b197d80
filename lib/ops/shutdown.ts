import type http from 'node:http';
import { closeDb } from '../db/client';
import type { InboundServer } from '../inbound/server';
import { sharedReportWriter } from '../inbound/report-writer';

/**
 * The orderly stop of a server process (SIGTERM from systemd, docker or npm; SIGINT from a
 * terminal): stop accepting, let in-flight HTTP requests and SMTP transactions finish within the
 * grace period (SMTP sessions still open at its end get 421, which makes the sender retry later),
 * flush the inbound group commit, close the database. Every step is bounded by the grace period,
 * so a hung client cannot keep the process alive.
 */

// Shared with lib/ops/health.ts (stopping → 503) and lib/inbound/start.ts (the listener), through
// globalThis because the Next bundle holds its own copies of these modules.
const g = globalThis as unknown as { __mxrayInbound?: Promise<InboundServer>; __mxrayStopping?: string };

/** MXRAY_SHUTDOWN_GRACE_MS: how long in-flight work may take after a stop signal (default 10 s). */
export function shutdownGraceMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.MXRAY_SHUTDOWN_GRACE_MS;
  if (raw === undefined || raw.trim() === '') return 10_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 600_000) throw new Error(`MXRAY_SHUTDOWN_GRACE_MS must be a whole number of milliseconds between 0 and 600000 (got "${raw}")`);
  return n;
}

export function stopping(): string | undefined {
  return g.__mxrayStopping;
}

function within<T>(ms: number, p: Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)))]).finally(() => clearTimeout(timer));
}

function closeHttp(server: http.Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets with no request in flight would hold close() open until they time out.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  return closed.finally(() => {
    clearInterval(idle);
    clearTimeout(force);
  });
}

export interface StopReport {
  reason: string;
  ms: number;
  /** Steps that ran out of time (their work was cut off, not finished). */
  cutOff: string[];
}

/** Runs the stop once; later calls get the same promise. */
let running: Promise<StopReport> | undefined;

export function gracefulStop(opts: { reason: string; http?: http.Server; graceMs: number }): Promise<StopReport> {
  running ??= (async () => {
    const started = Date.now();
    g.__mxrayStopping = opts.reason;
    const cutOff: string[] = [];
    const smtp = await within(1000, g.__mxrayInbound?.catch(() => undefined) ?? Promise.resolve(undefined));
    const [httpDone, smtpDone] = await Promise.all([
      opts.http ? within(opts.graceMs + 1000, closeHttp(opts.http, opts.graceMs)) : undefined,
      smtp && smtp !== 'timeout' ? within(opts.graceMs + 1000, smtp.close(opts.graceMs)) : undefined,
    ]);
    if (httpDone === 'timeout') cutOff.push('http');
    if (smtpDone === 'timeout') cutOff.push('smtp');
    // A message whose session was cut off may still be in the group commit: let it land.
    if ((await within(5000, sharedReportWriter().flush())) === 'timeout') cutOff.push('commit');
    if ((await within(5000, closeDb())) === 'timeout') cutOff.push('database');
    return { reason: opts.reason, ms: Date.now() - started, cutOff };
  })();
  return running;
}
