import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { aggregateOf } from './client-id';
import { recordRateLimited } from '../ops/metrics';

/**
 * Per-client budgets per class of work, shared by every route that does that work (JSON API, pages,
 * server actions, "verify again"). A client gets `points` per `seconds`; a client's IPv6 /48 gets a
 * bigger shared budget (one holder of many /64s is still one holder), and each class has a global
 * budget so that forged or numerous client ids cannot exhaust the machine. No one client can take
 * more than 1/GLOBAL_FACTOR of the global budget, nor one /48 more than AGGREGATE_FACTOR/GLOBAL_FACTOR.
 */
export interface BudgetPolicy {
  points: number;
  seconds: number;
}

export interface RateDecision {
  ok: boolean;
  /** Seconds until one more request would be accepted (for Retry-After). */
  retryAfter: number;
  remaining: number;
}

/**
 * The one interface the rest of the app sees; the memory store stands behind it today, a shared
 * store (PostgreSQL) can later without touching a caller.
 */
export interface Budget {
  take(key: string, cost?: number): Promise<RateDecision>;
}

/** rate-limiter-flexible's memory store: fixed windows, keys expire with their window. */
export class MemoryBudget implements Budget {
  private readonly limiter: RateLimiterMemory;
  constructor(readonly policy: BudgetPolicy) {
    this.limiter = new RateLimiterMemory({ points: policy.points, duration: policy.seconds });
  }

  async take(key: string, cost = 1): Promise<RateDecision> {
    try {
      const r = await this.limiter.consume(key, cost);
      return { ok: true, retryAfter: 0, remaining: r.remainingPoints };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      // The store counted the refused points too; a refused request should not cost anything.
      await this.limiter.reward(key, cost);
      return { ok: false, retryAfter: Math.max(1, Math.ceil(e.msBeforeNext / 1000)), remaining: 0 };
    }
  }
}

export type LimitClass = 'check' | 'analyze' | 'read' | 'test-address' | 'body-bytes';

function intEnv(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Per-client policies; MXRAY_RATE_LIMIT_SCALE multiplies them (tests lower it, busy installs raise it). */
export function defaultPolicies(): Record<LimitClass, BudgetPolicy> {
  const s = intEnv('MXRAY_RATE_LIMIT_SCALE', 1);
  const perMinute = (n: number) => ({ points: Math.max(1, Math.round(n * s)), seconds: 60 });
  return {
    check: perMinute(20),
    analyze: perMinute(20),
    'test-address': perMinute(10),
    read: perMinute(240),
    // Stored message bodies per client per day (store: true pastes); over it a paste keeps headers only.
    'body-bytes': { points: intEnv('MXRAY_BODY_BYTES_PER_CLIENT_PER_DAY', 50 * 1024 * 1024), seconds: 86_400 },
  };
}

/** A /48 may use this many clients' worth, the whole server this many. */
const AGGREGATE_FACTOR = 4;
const GLOBAL_FACTOR = 20;

// One set of budgets per process (Next may load this module more than once: keep it global).
const g = globalThis as unknown as { __mxrayBudgets?: Map<string, Budget> };

function budgetFor(name: string, policy: BudgetPolicy): Budget {
  g.__mxrayBudgets ??= new Map();
  let b = g.__mxrayBudgets.get(name);
  if (!b) {
    b = new MemoryBudget(policy);
    g.__mxrayBudgets.set(name, b);
  }
  return b;
}

const scaled = (p: BudgetPolicy, f: number): BudgetPolicy => ({ points: p.points * f, seconds: p.seconds });

/**
 * Charge `cost` of class `cls` to `client` (a clientId()), to its /48 when it is IPv6, and to the
 * global budget of the class. The first refusal wins; its Retry-After is the one to show.
 */
export async function takeRequest(cls: LimitClass, client: string, cost = 1): Promise<RateDecision> {
  const policy = defaultPolicies()[cls];
  const mine = await budgetFor(cls, policy).take(client, cost);
  if (!mine.ok) return refused(cls, mine);
  const aggregate = aggregateOf(client);
  if (aggregate) {
    const shared = await budgetFor(`${cls}:aggregate`, scaled(policy, AGGREGATE_FACTOR)).take(aggregate, cost);
    if (!shared.ok) return refused(cls, shared);
  }
  const global = await budgetFor(`${cls}:global`, scaled(policy, GLOBAL_FACTOR)).take('all', cost);
  return global.ok ? mine : refused(cls, global);
}

function refused(cls: LimitClass, decision: RateDecision): RateDecision {
  recordRateLimited(cls);
  return decision;
}

export function resetRateLimits(): void {
  g.__mxrayBudgets?.clear();
}
