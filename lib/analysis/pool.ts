/**
 * Message analysis off the main event loop (issue 10): pastes and received mail are read and
 * verified in worker threads, so one expensive message cannot stall the dashboard or the SMTP
 * listener. Each message has a wall-clock deadline; a thread still busy at the deadline is
 * terminated (piscina replaces it) and the message gets an analysis that says it was stopped.
 *
 * MXRAY_ANALYSIS_WORKERS (default: cores − 1, at least 1) leaves one core for the event loop
 * that serves pages and SMTP; MXRAY_ANALYSIS_TIMEOUT_MS (default 10000) bounds one message.
 */
import os from 'node:os';
import { Piscina } from 'piscina';
import { dnsConfigFromEnv, type DnsConfig } from '../dns/config';
import { failedAnalysis } from '../message/index';
import type { Envelope, MessageAnalysis, Receipt } from '../message/types';
import { analysisWorkerFile, analysisWorkerStale, buildAnalysisWorker } from './build';
import type { AnalysisJob } from './job';
import type { ContentRead } from '../content/index';

type Env = Record<string, string | undefined>;

/** How long a message may wait for a thread (queue, thread start-up) before its deadline starts. */
const QUEUE_LIMIT_MS = 60_000;

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
  return n;
}

export interface AnalysisPoolSettings {
  workers: number;
  timeoutMs: number;
}

export function analysisPoolSettings(env: Env = process.env): AnalysisPoolSettings {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return {
    workers: intSetting(env, 'MXRAY_ANALYSIS_WORKERS', Math.max(1, cores - 1), 1, 256),
    timeoutMs: intSetting(env, 'MXRAY_ANALYSIS_TIMEOUT_MS', 10_000, 1, 600_000),
  };
}

// One pool per process (Next may load this module more than once).
const g = globalThis as unknown as { __mxrayAnalysisPool?: Promise<Piscina> };

function pool(): Promise<Piscina> {
  g.__mxrayAnalysisPool ??= (async () => {
    const file = analysisWorkerStale() ? await buildAnalysisWorker() : analysisWorkerFile();
    const { workers } = analysisPoolSettings();
    // Threads start when work arrives and stay for the next message; idle ones leave after a minute.
    return new Piscina({ filename: file, minThreads: 0, maxThreads: workers, idleTimeout: 60_000 });
  })();
  g.__mxrayAnalysisPool.catch(() => {
    g.__mxrayAnalysisPool = undefined; // a failed build is retried by the next message
  });
  return g.__mxrayAnalysisPool;
}

export interface PoolAnalyzeOptions {
  envelope?: Envelope;
  receipt?: Receipt;
  now?: Date;
  fresh?: boolean;
  dns?: DnsConfig;
  /** Overrides MXRAY_ANALYSIS_TIMEOUT_MS (tests). */
  timeoutMs?: number;
}

class PoolTimeout extends Error {}

/**
 * One task in a worker thread, bounded by the deadline. The deadline runs from when a thread starts
 * on the task (the worker stamps `startedAt`), so time spent waiting for a free thread (a burst) or
 * for a new thread to load does not count against it; a task never started within QUEUE_LIMIT_MS of
 * being submitted is given up as well. Throws PoolTimeout at the deadline (the thread is stopped).
 */
async function runTimed<T>(job: object, startedAt: Float64Array, name: 'default' | 'content', timeoutMs: number): Promise<T> {
  const started = Date.now();
  const abort = new AbortController();
  const check = () => {
    const start = startedAt[0]!;
    const left = start === 0 ? started + timeoutMs + QUEUE_LIMIT_MS - Date.now() : start + timeoutMs - Date.now();
    if (left <= 0) abort.abort();
    else timer = setTimeout(check, start === 0 ? Math.min(left, timeoutMs) : left);
  };
  let timer = setTimeout(check, timeoutMs);
  try {
    return (await (await pool()).run(job, { signal: abort.signal, name })) as T;
  } catch (e) {
    throw abort.signal.aborted ? new PoolTimeout(`stopped after ${timeoutMs} ms (MXRAY_ANALYSIS_TIMEOUT_MS) so that other requests are not held up`) : e;
  } finally {
    clearTimeout(timer);
  }
}

const startStamp = () => new Float64Array(new SharedArrayBuffer(8));

/** analyzeMessage in a worker thread, bounded by the deadline. Never throws. */
export async function analyzeInPool(input: string | Buffer, opts: PoolAnalyzeOptions = {}): Promise<MessageAnalysis> {
  const now = opts.now ?? new Date();
  const started = Date.now();
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  const timeoutMs = opts.timeoutMs ?? analysisPoolSettings().timeoutMs;
  const startedAt = startStamp();
  const job: AnalysisJob = { input, now: now.toISOString(), dns: opts.dns ?? dnsConfigFromEnv(), startedAt, ...(opts.envelope ? { envelope: opts.envelope } : {}), ...(opts.receipt ? { receipt: opts.receipt } : {}), ...(opts.fresh ? { fresh: true } : {}) };
  try {
    return await runTimed<MessageAnalysis>(job, startedAt, 'default', timeoutMs);
  } catch (e) {
    if (e instanceof PoolTimeout) {
      return failedAnalysis(now, Date.now() - started, bytes, 'message.analysis-timeout', `mxray stopped analysing this message after ${timeoutMs} ms (MXRAY_ANALYSIS_TIMEOUT_MS) so that other requests are not held up.`);
    }
    return failedAnalysis(now, Date.now() - started, bytes, 'check.internal-error', `mxray could not analyse this message: ${(e as Error).message}`.slice(0, 300));
  }
}

/**
 * The CPU-bound half of the content checks (mailparser, HTML to words, links) in a worker thread,
 * under the same deadline as an analysis: a large or hostile body never runs on the event loop.
 * Throws on a timeout or a failure; runContentChecks turns that into "could not read the body".
 */
export async function readContentInPool(raw: Buffer): Promise<ContentRead> {
  const startedAt = startStamp();
  return runTimed<ContentRead>({ raw, startedAt }, startedAt, 'content', analysisPoolSettings().timeoutMs);
}

/** Stops the threads (tests, shutdown). */
export async function closeAnalysisPool(): Promise<void> {
  const p = g.__mxrayAnalysisPool;
  g.__mxrayAnalysisPool = undefined;
  if (p) await (await p).destroy();
}
