/**
 * Entry of the analysis worker threads (bundled by lib/analysis/build.ts into
 * dist/analysis-worker.mjs). Each thread keeps its own DNS cache and SPF memo across messages,
 * as one process did before analysis moved off the main thread.
 */
import { Buffer } from 'node:buffer';
import { analyzeMessage } from '../message/index';
import type { MessageAnalysis } from '../message/types';
import { createCheckContext } from '../report/context';
import type { AnalysisJob } from './job';
import { readContent, type ContentRead } from '../content/index';

export default async function analyze(job: AnalysisJob): Promise<MessageAnalysis> {
  if (job.startedAt) job.startedAt[0] = Date.now();
  const input = typeof job.input === 'string' ? job.input : Buffer.from(job.input.buffer, job.input.byteOffset, job.input.byteLength);
  const ctx = createCheckContext({ dns: job.dns, now: new Date(job.now), ...(job.fresh ? { fresh: true } : {}) });
  return analyzeMessage(input, { ctx, ...(job.envelope ? { envelope: job.envelope } : {}), ...(job.receipt ? { receipt: job.receipt } : {}) });
}

/** The CPU-bound half of the content checks of a message (see readContentInPool). */
export async function content(job: { raw: Uint8Array; startedAt?: Float64Array }): Promise<ContentRead> {
  if (job.startedAt) job.startedAt[0] = Date.now();
  return readContent(Buffer.from(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength));
}
