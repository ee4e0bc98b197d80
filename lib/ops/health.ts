import { pingDb } from '../db/ping';
import { inboundDisabled } from '../inbound/config';
import type { InboundServer } from '../inbound/server';
import { logger } from './log';
import { version } from './version';

/**
 * GET /api/health: what a load balancer, Docker's HEALTHCHECK or a monitor asks. "ok" needs the
 * database to answer and the SMTP listener to accept (or to be switched off); a stopping server
 * says so, so traffic moves away before it is gone.
 */
export interface Health {
  status: 'ok' | 'unavailable';
  /** Only ok or unavailable: the reason goes to the log, not to whoever asks. */
  db: 'ok' | 'unavailable';
  smtp: 'accepting' | 'disabled' | 'not running' | 'stopping';
  version: string;
}

// Set by the listener's start (lib/inbound/start.ts) and by the shutdown, both on globalThis
// because the Next bundle and bin/http.ts each hold their own copy of these modules.
const g = globalThis as unknown as { __mxrayInbound?: Promise<InboundServer>; __mxrayStopping?: string };

async function smtpState(): Promise<Health['smtp']> {
  if (g.__mxrayStopping) return 'stopping';
  if (inboundDisabled()) return 'disabled';
  const server = await Promise.race([g.__mxrayInbound?.catch(() => undefined), new Promise<undefined>((r) => setTimeout(r, 1000))]);
  return server?.listening() ? 'accepting' : 'not running';
}

export async function checkHealth(): Promise<{ httpStatus: 200 | 503; body: Health }> {
  const [dbState, smtp] = await Promise.all([pingDb(), smtpState()]);
  if (!dbState.ok) logger().warn({ err: dbState.error }, 'health: the database did not answer');
  const ok = dbState.ok && (smtp === 'accepting' || smtp === 'disabled') && !g.__mxrayStopping;
  return {
    httpStatus: ok ? 200 : 503,
    body: { status: ok ? 'ok' : 'unavailable', db: dbState.ok ? 'ok' : 'unavailable', smtp, version },
  };
}
