import type { DomainReport } from '@/lib/report/types';
import { CheckCard } from './check-card';
import { CheckRow, StatusCounts } from './check-row';
import { Verdict } from './verdict';

/** The summary at the top of a domain report: verdict, counts, one row per check. */
export function DomainSummary({ report }: { report: DomainReport }) {
  return (
    <div className="space-y-3">
      <Verdict status={report.status}>
        <StatusCounts checks={report.checks} />
      </Verdict>
      {report.notice && (
        <p role="alert" className="rounded-lg border border-fuchsia-300 bg-fuchsia-50 p-3 text-sm text-fuchsia-950 dark:border-fuchsia-800 dark:bg-fuchsia-950 dark:text-fuchsia-100">
          {report.notice.message}
        </p>
      )}
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800" aria-label="Checks">
        {report.checks.map((c) => (
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
      {report.checks.map((c) => <CheckCard key={c.id} check={c} />)}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {report.dns.queries} DNS queries to {report.dns.servers.join(', ') || 'the configured resolvers'} · {report.dns.cacheHits} answered from cache · {report.ms} ms in total
      </p>
    </div>
  );
}
