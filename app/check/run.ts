import 'server-only';
import type { CheckId, CheckResult } from '@/lib/checks/types';
import { storeCheck, type Created } from '@/lib/api/create-report';
import { domainJobs, runDomainCheck, validateDomainInput } from '@/lib/report/domain-check';
import type { DomainCheckInput, DomainReport } from '@/lib/report/types';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

function defer<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // rejections are rendered by the boundary that awaits it
  return { promise, resolve, reject };
}

export interface StreamingRun {
  input: ReturnType<typeof validateDomainInput>;
  jobs: { id: CheckId; title: string; result: Promise<CheckResult> }[];
  /** The stored report, once every check finished. */
  done: Promise<Created<DomainReport>>;
}

/**
 * Start one domain check whose results the page can await one by one (each in its own Suspense
 * boundary), and store the report when the last one finishes. Throws InputError on bad input.
 */
export function startStreamingCheck(raw: DomainCheckInput, previousId?: string): StreamingRun {
  const input = validateDomainInput(raw);
  const jobs = domainJobs(input).map((j) => ({ id: j.id, title: j.title, d: defer<CheckResult>() }));
  const byId = new Map(jobs.map((j) => [j.id, j.d]));
  const done = runDomainCheck(raw, { onCheck: (r) => byId.get(r.id)?.resolve(r) })
    .then((report) => {
      // A check the job list did not announce still gets its row settled.
      for (const j of jobs) j.d.resolve(report.checks.find((c) => c.id === j.id)!);
      return storeCheck(report, previousId);
    })
    .catch((e: unknown) => {
      for (const j of jobs) j.d.reject(e);
      throw e;
    });
  done.catch(() => {});
  return { input, jobs: jobs.map((j) => ({ id: j.id, title: j.title, result: j.d.promise })), done };
}
