import { timingSafeEqual } from 'node:crypto';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { installRecorders, installedRecorders } from './metrics';

/**
 * The Prometheus registry of a server process: created once, even when both bin/http.ts and the
 * Next bundle load this file (the registry lives on globalThis beside the recorders).
 */
const g = globalThis as unknown as { __mxrayRegistry?: Registry };

const FAST = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SLOW = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function metricsRegistry(): Registry {
  if (g.__mxrayRegistry && installedRecorders()) return g.__mxrayRegistry;
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string, labelNames: string[]) => new Counter({ name, help, labelNames, registers });
  const histogram = (name: string, help: string, labelNames: string[], buckets: number[]) => new Histogram({ name, help, labelNames, buckets, registers });
  installRecorders({
    checksRun: counter('mxray_checks_total', 'Checks run, by check id and resulting status', ['check', 'status']),
    checkSeconds: histogram('mxray_check_duration_seconds', 'Time one check took', ['check'], SLOW),
    dnsQueries: counter('mxray_dns_queries_total', 'DNS exchanges with upstream servers, by record type and outcome (rcode, timeout, error)', ['type', 'outcome']),
    dnsQuerySeconds: histogram('mxray_dns_query_duration_seconds', 'Time one DNS exchange took', ['type'], FAST),
    dnsblListings: counter('mxray_dnsbl_listings_total', 'Blocklist listings found, by list', ['list']),
    smtpSessions: counter('mxray_smtp_sessions_total', 'SMTP connections to the test-address listener', []),
    smtpMessages: counter('mxray_smtp_messages_total', 'Messages and recipients accepted or rejected by the listener, by reason', ['result', 'reason']),
    analysisSeconds: histogram('mxray_analysis_duration_seconds', 'Time one message analysis took', ['source'], SLOW),
    rateLimited: counter('mxray_rate_limited_total', 'Requests refused by a rate limit, by limit class', ['limit']),
    reportsStored: counter('mxray_reports_stored_total', 'Reports committed to the database, by kind', ['kind']),
    httpRequests: counter('mxray_http_requests_total', 'HTTP requests answered, by route and status', ['route', 'status']),
    httpSeconds: histogram('mxray_http_request_duration_seconds', 'Time to answer one HTTP request', ['route'], SLOW),
  });
  g.__mxrayRegistry = registry;
  return registry;
}

/**
 * MXRAY_METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <token>` (metrics show how
 * much mail and which domains' checks flow through). Compared in constant time.
 */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined = process.env.MXRAY_METRICS_TOKEN): boolean {
  if (!token) return true;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
