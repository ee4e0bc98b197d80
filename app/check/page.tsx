import type { Metadata } from 'next';
import { Suspense } from 'react';
import { headers } from 'next/headers';
import { CheckForm } from '@/components/forms/check-form';
import { ConfirmRun } from '@/components/forms/confirm-run';
import { ClaimOwner } from '@/components/report/claim-owner';
import { CheckRow, CheckRowSkeleton, StatusCounts } from '@/components/report/check-row';
import { DiffView } from '@/components/report/diff-view';
import { DomainDetails, NextStepLine } from '@/components/report/domain-report-view';
import { Verdict } from '@/components/report/verdict';
import { CopyButton } from '@/components/ui/copy-button';
import type { Created } from '@/lib/api/create-report';
import { previousCheck } from '@/lib/api/create-report';
import type { CheckResult } from '@/lib/checks/types';
import { diffReports } from '@/lib/report/diff';
import { InputError } from '@/lib/report/domain-check';
import type { DomainReport } from '@/lib/report/types';
import { CONFIRM_HEADER } from '@/lib/api/user-initiated';
import { claimOwnerAction } from '../r/[id]/actions';
import { startStreamingCheck, type StreamingRun } from './run';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Checking', robots: { index: false } };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').trim();

async function Row({ result, id }: { result: Promise<CheckResult>; id: string }) {
  try {
    return <CheckRow check={await result} href={`#check-${id}`} />;
  } catch {
    return <div className="flex h-11 items-center px-3 text-sm">This check did not finish.</div>;
  }
}

async function Finished({ done, previous }: { done: Promise<Created<DomainReport>>; previous?: string }) {
  let created: Created<DomainReport>;
  try {
    created = await done;
  } catch (e) {
    return <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">The report could not be saved: {(e as Error).message}</p>;
  }
  const { report, id, ownerToken } = created;
  const prev = previous ? await previousCheck(previous) : null;
  return (
    <div className="space-y-6">
      <Verdict status={report.status}><NextStepLine checks={report.checks} /><StatusCounts checks={report.checks} /></Verdict>
      <div className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800">
        <span>Saved as a shareable report:</span>
        <a href={`/r/${id}`} className="font-mono text-xs underline" data-testid="report-link">/r/{id}</a>
        <CopyButton text={`/r/${id}`} label="Copy the report link" />
      </div>
      {ownerToken && <ClaimOwner id={id} token={ownerToken} claim={claimOwnerAction} />}
      {prev && <DiffView diff={diffReports(prev.payload, report)} previousHref={`/r/${prev.id}`} />}
      <DomainDetails report={report} />
    </div>
  );
}

export default async function CheckPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const domain = one(sp.domain).slice(0, 300);
  const ip = one(sp.ip).slice(0, 100);
  const selectors = one(sp.selectors).slice(0, 500);
  const previous = one(sp.previous).slice(0, 64) || undefined;
  if (!domain) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Check a sending domain</h1>
        <CheckForm />
      </div>
    );
  }
  if ((await headers()).get(CONFIRM_HEADER) === '1') {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Check a sending domain</h1>
        <ConfirmRun action="/check" fields={{ domain, ip, selectors, previous }}>Run a domain check of <span className="font-mono">{domain}</span>{ip ? <> from <span className="font-mono">{ip}</span></> : null}?</ConfirmRun>
      </div>
    );
  }
  let run: StreamingRun;
  try {
    run = startStreamingCheck({ domain, ip: ip || undefined, selectors: selectors.split(/[\s,]+/).filter(Boolean) }, previous);
  } catch (e) {
    const error = e instanceof InputError ? e.message : 'The check could not start.';
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Check a sending domain</h1>
        <CheckForm domain={domain} ip={ip} selectors={selectors} error={error} />
      </div>
    );
  }
  return (
    <article className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold break-words">Domain check: <span className="font-mono">{run.input.domain}</span>{run.input.ip ? <> from <span className="font-mono">{run.input.ip}</span></> : null}</h1>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Results appear as each check finishes.</p>
      </div>
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800" aria-label="Checks" aria-live="polite">
        {run.jobs.map((j) => (
          <li key={j.id} data-check={j.id}>
            <Suspense fallback={<CheckRowSkeleton title={j.title} />}>
              <Row result={j.result} id={j.id} />
            </Suspense>
          </li>
        ))}
      </ol>
      <Suspense fallback={<p className="text-sm text-slate-600 dark:text-slate-400" aria-busy="true">Waiting for the last checks before saving the report…</p>}>
        <Finished done={run.done} previous={previous} />
      </Suspense>
    </article>
  );
}
