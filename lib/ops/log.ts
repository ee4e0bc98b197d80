import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * The server's logger: JSON lines on stdout (what Loki and `docker logs` collect), or pino-pretty's
 * readable lines when stdout is a terminal. LOG_LEVEL picks the level (default info; silent under vitest). One instance
 * per process on globalThis, because Next's bundle and bin/http.ts each load their own copy of this
 * file. pino-pretty runs as a stream in this thread, not as a transport: a transport's worker
 * thread resolves modules by name, which breaks inside bundles.
 */
const g = globalThis as unknown as { __mxrayLogger?: Logger };

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** LOG_LEVEL, validated: an unknown level is a configuration error, said once at start. */
export function logLevel(env: Record<string, string | undefined> = process.env): string {
  const raw = (env.LOG_LEVEL ?? '').trim().toLowerCase();
  // Test runs stay quiet unless asked: the listener logs a line per session.
  if (!raw) return env.VITEST ? 'silent' : 'info';
  if (!LEVELS.has(raw)) throw new Error(`LOG_LEVEL: "${env.LOG_LEVEL}" is not one of ${[...LEVELS].join(', ')}`);
  return raw;
}

export function logger(): Logger {
  if (!g.__mxrayLogger) {
    const opts = { level: logLevel(), base: { service: 'mxray' } };
    g.__mxrayLogger = process.stdout.isTTY ? pino(opts, pretty({ colorize: true, sync: true })) : pino(opts, pino.destination({ sync: true }));
  }
  return g.__mxrayLogger;
}
