import { recordRateLimited } from '../ops/metrics';

/**
 * Token buckets per client and per endpoint class: `capacity` requests at once, refilled at
 * `perMinute`. A global bucket per class bounds the total when client ids cannot be trusted.
 */
export interface BucketPolicy {
  capacity: number;
  perMinute: number;
}

export interface RateDecision {
  ok: boolean;
  /** Seconds until one more request would be accepted (for Retry-After). */
  retryAfter: number;
  remaining: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(
    private readonly policy: BucketPolicy,
    private readonly clock: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  take(key: string, cost = 1): RateDecision {
    const now = this.clock();
    const ratePerMs = this.policy.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.policy.capacity, at: now };
    b.tokens = Math.min(this.policy.capacity, b.tokens + (now - b.at) * ratePerMs);
    b.at = now;
    this.buckets.delete(key); // re-insert: Map order doubles as least-recently-used order
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return { ok: true, retryAfter: 0, remaining: Math.floor(b.tokens) };
    }
    const retryAfter = ratePerMs > 0 ? Math.max(1, Math.ceil((cost - b.tokens) / ratePerMs / 1000)) : 3600;
    return { ok: false, retryAfter, remaining: 0 };
  }

  reset(): void {
    this.buckets.clear();
  }
}

export type LimitClass = 'check' | 'analyze' | 'read' | 'test-address';

function intEnv(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Per-client policies; MXRAY_RATE_LIMIT_SCALE multiplies them (tests lower it, busy installs raise it). */
export function defaultPolicies(): Record<LimitClass, BucketPolicy> {
  const s = intEnv('MXRAY_RATE_LIMIT_SCALE', 1);
  const p = (capacity: number, perMinute: number) => ({ capacity: Math.max(1, Math.round(capacity * s)), perMinute: perMinute * s });
  return {
    check: p(20, 20),
    analyze: p(20, 20),
    'test-address': p(10, 10),
    read: p(240, 240),
  };
}

const GLOBAL_FACTOR = 20;

// One set of limiters per process (Next may load this module more than once in dev: keep it global).
const g = globalThis as unknown as { __mxrayLimiters?: Map<string, RateLimiter> };

function limiterFor(name: string, policy: BucketPolicy): RateLimiter {
  g.__mxrayLimiters ??= new Map();
  let l = g.__mxrayLimiters.get(name);
  if (!l) {
    l = new RateLimiter(policy);
    g.__mxrayLimiters.set(name, l);
  }
  return l;
}

/** Charge one request of `cls` to `client` and to the global budget of that class. */
export function takeRequest(cls: LimitClass, client: string): RateDecision {
  const policy = defaultPolicies()[cls];
  const mine = limiterFor(cls, policy).take(client);
  if (!mine.ok) return refused(cls, mine);
  const global = limiterFor(`${cls}:global`, { capacity: policy.capacity * GLOBAL_FACTOR, perMinute: policy.perMinute * GLOBAL_FACTOR }).take('all');
  return global.ok ? mine : refused(cls, global);
}

function refused(cls: LimitClass, decision: RateDecision): RateDecision {
  recordRateLimited(cls);
  return decision;
}

export function resetRateLimits(): void {
  g.__mxrayLimiters?.clear();
}
