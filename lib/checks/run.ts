import type { CheckContext, CheckId, CheckResult } from './types';
import { recordCheck } from '../ops/metrics';

/**
 * The one boundary that turns exceptions into `status: 'error'`: checks never throw past here,
 * and "could not test" is never reported as "fail".
 */
export async function runCheck<D>(id: CheckId, title: string, ctx: CheckContext, fn: (ctx: CheckContext) => Promise<CheckResult<D>>): Promise<CheckResult<D>> {
  const started = Date.now();
  try {
    const result = await fn(ctx);
    recordCheck(id, result.status, Date.now() - started);
    return { ...result, ms: Date.now() - started };
  } catch (e) {
    recordCheck(id, 'error', Date.now() - started);
    const err = e as Error & { code?: string };
    return {
      id,
      status: 'error',
      title,
      summary: `mxray could not complete this check: ${err.message}`,
      findings: [{ code: 'check.internal-error', severity: 'error', detail: err.message, data: err.code ? { code: err.code } : undefined }],
      records: [],
      ms: Date.now() - started,
    };
  }
}
