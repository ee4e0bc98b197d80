import { sweepExpiredStep } from '../db/reports';
import { retentionSettings } from './settings';

/**
 * The periodic retention sweep: every MXRAY_SWEEP_INTERVAL_S, delete expired reports and remove
 * expired message bodies, one small batch at a time with a yield to the event loop between
 * batches, so serving pages and receiving mail never wait behind a large clean-up.
 */
export async function sweepOnce(now: Date = new Date()): Promise<{ reports: number; bodies: number }> {
  const { batchSize, bodyBatchSize } = retentionSettings();
  const total = { reports: 0, bodies: 0 };
  for (;;) {
    const step = await sweepExpiredStep(now, { reports: batchSize, bodies: bodyBatchSize });
    total.reports += step.reports;
    total.bodies += step.bodies;
    if (step.reports < batchSize && step.bodies < bodyBatchSize) return total;
    await new Promise((r) => setImmediate(r));
  }
}

const g = globalThis as unknown as { __mxraySweeper?: NodeJS.Timeout };

/** Start the sweep (once per process: the dashboard and a standalone listener each start one). */
export function startRetentionSweeper(log: (msg: string) => void = (m) => console.error(m)): void {
  if (g.__mxraySweeper) return;
  const run = () => {
    sweepOnce().catch((e: unknown) => log(`mxray: retention sweep failed, will retry: ${e instanceof Error ? e.message : String(e)}`));
  };
  g.__mxraySweeper = setInterval(run, retentionSettings().sweepIntervalS * 1000);
  g.__mxraySweeper.unref();
  setTimeout(run, 5_000).unref(); // soon after start, not in the middle of it
}

export function stopRetentionSweeper(): void {
  if (g.__mxraySweeper) clearInterval(g.__mxraySweeper);
  g.__mxraySweeper = undefined;
}
