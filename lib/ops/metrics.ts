/**
 * The instrumentation points the rest of the code calls, one line each. They record into the
 * Prometheus metrics that lib/ops/prometheus.ts installs on globalThis when a server starts; in the
 * CLI and the tests nothing is installed and each call is a no-op, so the core never loads
 * prom-client. globalThis, not a module variable: Next's server bundle and bin/http.ts each hold
 * their own copy of this module, and both must count into the one registry /metrics serves.
 */

/** What a recorder needs from a prom-client Counter/Histogram; kept structural so this file imports nothing. */
export interface CounterLike {
  inc(labels: Record<string, string>, value?: number): void;
}
export interface HistogramLike {
  observe(labels: Record<string, string>, value: number): void;
}

export interface Recorders {
  checksRun: CounterLike;
  checkSeconds: HistogramLike;
  dnsQueries: CounterLike;
  dnsQuerySeconds: HistogramLike;
  dnsblListings: CounterLike;
  smtpSessions: CounterLike;
  smtpMessages: CounterLike;
  analysisSeconds: HistogramLike;
  rateLimited: CounterLike;
  reportsStored: CounterLike;
  httpRequests: CounterLike;
  httpSeconds: HistogramLike;
}

const g = globalThis as unknown as { __mxrayMetrics?: Recorders };

export function installRecorders(r: Recorders): void {
  g.__mxrayMetrics = r;
}

export function installedRecorders(): Recorders | undefined {
  return g.__mxrayMetrics;
}

/** A check finished (any status, including error). */
export function recordCheck(id: string, status: string, ms: number): void {
  g.__mxrayMetrics?.checksRun.inc({ check: id, status });
  g.__mxrayMetrics?.checkSeconds.observe({ check: id }, ms / 1000);
}

/** One DNS exchange with an upstream server: outcome is an rcode name, "timeout" or "error". */
export function recordDnsQuery(type: string, outcome: string, ms: number): void {
  g.__mxrayMetrics?.dnsQueries.inc({ type, outcome });
  g.__mxrayMetrics?.dnsQuerySeconds.observe({ type }, ms / 1000);
}

/** A blocklist listed the address or domain that was checked. */
export function recordDnsblListing(list: string): void {
  g.__mxrayMetrics?.dnsblListings.inc({ list });
}

/** An SMTP connection to the test-address listener was opened. */
export function recordSmtpSession(): void {
  g.__mxrayMetrics?.smtpSessions.inc({});
}

/** A message (or recipient) was accepted, or refused with a short reason such as "unknown-address". */
export function recordSmtpMessage(result: 'accepted' | 'rejected', reason = ''): void {
  g.__mxrayMetrics?.smtpMessages.inc({ result, reason });
}

/** A message analysis (pasted or received) took this long. */
export function recordAnalysis(source: 'paste' | 'inbound', ms: number): void {
  g.__mxrayMetrics?.analysisSeconds.observe({ source }, ms / 1000);
}

/** A request was refused by a rate limit of this class. */
export function recordRateLimited(limit: string): void {
  g.__mxrayMetrics?.rateLimited.inc({ limit });
}

/** Reports committed to the database, by kind (domain, message, inbound). */
export function recordReportsStored(kind: string, count = 1): void {
  g.__mxrayMetrics?.reportsStored.inc({ kind }, count);
}

/** An HTTP request answered by the dashboard's server. */
export function recordHttp(route: string, status: number, ms: number): void {
  g.__mxrayMetrics?.httpRequests.inc({ route, status: String(status) });
  g.__mxrayMetrics?.httpSeconds.observe({ route }, ms / 1000);
}
