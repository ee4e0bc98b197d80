/**
 * How long mxray keeps what it stores. Reports are shared links, so they live for weeks; message
 * bodies are someone's mail, so they go sooner and the report keeps its headers and analysis.
 * Read at each use, so a test (or an operator restarting with new values) needs nothing else.
 */
export interface RetentionSettings {
  /** Days a report lives; 0 keeps reports forever. */
  reportTtlDays: number;
  /** Days a stored message body lives (never longer than its report). */
  bodyTtlDays: number;
  /** Seconds between two sweeps. */
  sweepIntervalS: number;
  /** Rows one sweep step deletes, so a step never holds the database for long. */
  batchSize: number;
  /** Bodies one step removes: each means reading and rewriting a payload of up to ~12 MB. */
  bodyBatchSize: number;
}

function days(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of days, 0 or more (got "${raw}")`);
  return n;
}

export function retentionSettings(env: Record<string, string | undefined> = process.env): RetentionSettings {
  const sweep = days(env, 'MXRAY_SWEEP_INTERVAL_S', 3600);
  return {
    reportTtlDays: days(env, 'MXRAY_REPORT_TTL_DAYS', 30),
    bodyTtlDays: days(env, 'MXRAY_BODY_TTL_DAYS', 7),
    sweepIntervalS: sweep > 0 ? sweep : 3600,
    batchSize: 200,
    bodyBatchSize: 10,
  };
}

const DAY_MS = 86_400_000;

/** When a report created at `now` expires, and when its body goes (null: kept / no body). */
export function expiryFor(now: Date, hasBody: boolean, s: RetentionSettings = retentionSettings()): { expiresAt: Date | null; bodyExpiresAt: Date | null } {
  const expiresAt = s.reportTtlDays > 0 ? new Date(now.getTime() + s.reportTtlDays * DAY_MS) : null;
  if (!hasBody) return { expiresAt, bodyExpiresAt: null };
  const body = new Date(now.getTime() + s.bodyTtlDays * DAY_MS);
  return { expiresAt, bodyExpiresAt: expiresAt && expiresAt < body ? expiresAt : body };
}
