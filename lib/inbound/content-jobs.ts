/**
 * Content checks of received test messages, after the 250: the message is stored first with
 * `content: { state: "pending" }`, then this queue runs SpamAssassin and mxray's content findings
 * and writes the result into the same report. A restart loses nothing: at start the listener
 * queues every report still pending (the message comes from the stored `raw`).
 */
import type { CheckContext } from '../checks/types';
import { runContentChecks, type ContentReport, type ContentState } from '../content';
import { sharedSpamd } from '../content/spamassassin';
import { readContentInPool } from '../analysis/pool';
import { getReport, reportsWithPendingContent, updateReportPayload } from '../db/reports';
import { createCheckContext } from '../report/context';
import { RAW_KEEP_BYTES, type InboundPayload } from './types';

/** SpamAssassin runs two children: more at once only queues inside spamd. */
const CONCURRENCY = 2;
/**
 * Receiving comes first: while messages keep arriving (one within QUIET_MS), content checks wait,
 * so a burst of mail is verified and stored at full speed and checked for content right after it.
 * A job never waits longer than MAX_WAIT_MS, and then runs one at a time, so a steady trickle of
 * mail cannot starve them either. The report shows "pending" meanwhile.
 */
const QUIET_MS = 1000;
const MAX_WAIT_MS = 30_000;
/** Beyond this many queued messages, the queue keeps only ids (bodies come from the database). */
const MAX_QUEUED_BODIES = 200;

type Job = { id: string; raw?: Buffer; context?: () => CheckContext; queuedAt: number };

export class ContentJobs {
  private queue: Job[] = [];
  private running = 0;
  private lastArrival = 0;
  private wake: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly context: () => CheckContext = () => createCheckContext()) {}

  /** `context` overrides the queue's (the listener's tests point DNS at their own server). */
  enqueue(id: string, raw?: Buffer, context?: () => CheckContext): void {
    this.lastArrival = Date.now();
    this.queue.push({ id, raw: raw && this.queue.length < MAX_QUEUED_BODIES ? raw : undefined, context, queuedAt: this.lastArrival });
    this.pump();
  }

  /** Queue every stored report whose content checks never finished. */
  async resume(): Promise<number> {
    const ids = await reportsWithPendingContent();
    for (const id of ids) this.enqueue(id);
    return ids.length;
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  get pending(): number {
    return this.queue.length + this.running;
  }

  /** How many jobs may run now: all while mail is quiet, one for an overdue job, else none. */
  private allowed(now: number): number {
    if (now - this.lastArrival >= QUIET_MS) return CONCURRENCY;
    return this.queue.length > 0 && now - this.queue[0]!.queuedAt >= MAX_WAIT_MS ? 1 : 0;
  }

  private pump(): void {
    const now = Date.now();
    const allowed = this.allowed(now);
    if (allowed === 0 && this.queue.length > 0 && !this.wake) {
      const overdueIn = this.queue[0]!.queuedAt + MAX_WAIT_MS - now;
      this.wake = setTimeout(() => {
        this.wake = undefined;
        this.pump();
      }, Math.max(10, Math.min(QUIET_MS - (now - this.lastArrival), overdueIn)));
      this.wake.unref();
    }
    while (this.running < allowed && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.run(job)
        .catch(() => {
          /* the report stays pending and is retried at the next start */
        })
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  private async run(job: Job): Promise<void> {
    const stored = await getReport<InboundPayload & { content?: ContentState }>(job.id);
    if (!stored || stored.payload.content?.state !== 'pending') return;
    const raw = job.raw ?? (typeof stored.payload.raw === 'string' ? Buffer.from(stored.payload.raw, 'utf8') : undefined);
    const content: ContentReport = raw
      ? await runContentChecks(raw, { ctx: (job.context ?? this.context)(), spamd: sharedSpamd(), read: readContentInPool })
      : {
          state: 'done',
          spamassassin: { state: 'unavailable', reason: `mxray restarted before checking this message's content, and did not keep a copy (larger than ${RAW_KEEP_BYTES / 1024} KB or not UTF-8).` },
          findings: [],
          links: [],
          ms: 0,
        };
    // Read again: the report may have been deleted meanwhile (then there is nothing to update).
    const now = await getReport<InboundPayload & { content?: ContentState }>(job.id);
    if (now) await updateReportPayload(job.id, { ...now.payload, content });
  }
}

const g = globalThis as unknown as { __mxrayContentJobs?: ContentJobs };
export function sharedContentJobs(): ContentJobs {
  g.__mxrayContentJobs ??= new ContentJobs();
  return g.__mxrayContentJobs;
}
