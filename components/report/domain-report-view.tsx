import type { CheckResult } from '@/lib/checks/types';
import { nextStep, rankChecks } from '@/lib/report/priority';
import type { DomainReport } from '@/lib/report/types';
import { CheckCard } from './check-card';
import { CheckRow, StatusCounts } from './check-row';
import { Verdict } from './verdict';

/** The single most important next step, under the verdict of every domain report. */
export function NextStepLine({ checks }: { checks: CheckResult[] }) {
  const next = nextStep(checks);
  return (
    <p className="text-sm font-medium break-words" data-testid="next-step">
      {next.checkId ? <a href={`#check-${next.checkId}`} className="underline">{next.title}</a> : next.title}: <span className="font-normal">{next.text}</span>
    </p>
  );
}

/** The summary at the top of a domain report: verdict with the one next step, counts, one row per check, worst first. */
export function DomainSummary({ report }: { report: DomainReport }) {
  return (
    <div className="space-y-3">
      <Verdict status={report.status}>
        <NextStepLine checks={report.checks} />
        <StatusCounts checks={report.checks} />
      </Verdict>
      {report.notice && (
        <p role="alert" className="rounded-lg border border-fuchsia-300 bg-fuchsia-50 p-3 text-sm text-fuchsia-950 dark:border-fuchsia-800 dark:bg-fuchsia-950 dark:text-fuchsia-100">
          {report.notice.message}
        </p>
      )}
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800" aria-label="Checks">
        {rankChecks(report.checks).map((c) => (
          <li key={c.id}><CheckRow check={c} href={`#check-${c.id}`} /></li>
        ))}
      </ol>
    </div>
  );
}

/** Every check in full, then how much DNS it took. */
export function DomainDetails({ report }: { report: DomainReport }) {
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold">Details</h2>
      {rankChecks(report.checks).map((c) => <CheckCard key={c.id} check={c} />)}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {report.dns.queries} DNS queries to {report.dns.servers.join(', ') || 'the configured resolvers'} · {report.dns.cacheHits} answered from cache · {report.ms} ms in total
      </p>
    </div>
  );
}
