/**
 * Probes open TCP connections on behalf of whoever uses the dashboard, so they are bounded:
 * at most MAX_PROBES_PER_REQUEST hosts per request, and a per-client budget over a sliding window.
 * Route handlers call `probeLimiter().take(clientId, hosts)` before probing (the checks also do it
 * when given a clientId).
 */

export const MAX_PROBES_PER_REQUEST = 5;

export interface ProbeDecision {
  ok: boolean;
  remaining: number;
  /** Milliseconds until the oldest probe in the window expires. */
  retryAfterMs: number;
}

export class ProbeLimiter {
  private used = new Map<string, number[]>();

  constructor(
    readonly perClient: number,
    readonly windowMs: number,
    private readonly clock: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {}

  /** Take `n` probes from the client's budget, or none if that would exceed it. */
  take(clientId: string, n = 1): ProbeDecision {
    const now = this.clock();
    const recent = (this.used.get(clientId) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length + n > this.perClient) {
      this.used.set(clientId, recent);
      const retryAfterMs = recent.length ? Math.max(0, this.windowMs - (now - recent[0]!)) : this.windowMs;
      return { ok: false, remaining: Math.max(0, this.perClient - recent.length), retryAfterMs };
    }
    for (let i = 0; i < n; i++) recent.push(now);
    this.used.delete(clientId); // re-insert so Map order is least-recently-used first
    this.used.set(clientId, recent);
    if (this.used.size > this.maxClients) this.used.delete(this.used.keys().next().value!);
    return { ok: true, remaining: this.perClient - recent.length, retryAfterMs: 0 };
  }

  reset(): void {
    this.used.clear();
  }
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return n;
}

const g = globalThis as unknown as { __mxrayProbeLimiter?: ProbeLimiter };

/** The process-wide limiter: MXRAY_PROBES_PER_CLIENT (default 30) per MXRAY_PROBE_WINDOW_S (default 600). */
export function probeLimiter(): ProbeLimiter {
  g.__mxrayProbeLimiter ??= new ProbeLimiter(positiveInt('MXRAY_PROBES_PER_CLIENT', 30), positiveInt('MXRAY_PROBE_WINDOW_S', 600) * 1000);
  return g.__mxrayProbeLimiter;
}
