import type { ReportDiff } from '@/lib/report/diff';
import { StatusBadge } from '../ui/status-badge';

function ago(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** "What changed since the previous run": per check, status moves, findings gone/new, records. */
export function DiffView({ diff, previousHref }: { diff: ReportDiff; previousHref: string }) {
  return (
    <section aria-labelledby="diff-title" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="diff-title" className="font-semibold">What changed since the <a className="underline" href={previousHref}>previous report</a> ({ago(diff.elapsedSeconds)} earlier)</h2>
      {diff.checks.length === 0 && !diff.status ? (
        <p className="mt-2 text-sm">Nothing changed: every check saw the same as last time.</p>
      ) : (
        <ul className="mt-3 space-y-3 text-sm">
          {diff.status && (
            <li>
              Overall: <StatusBadge status={diff.status.from} /> → <StatusBadge status={diff.status.to} />{' '}
              <strong>{diff.status.direction === 'better' ? 'better' : diff.status.direction === 'worse' ? 'worse' : ''}</strong>
            </li>
          )}
          {diff.checks.map((c) => (
            <li key={c.id} className="border-t border-slate-100 pt-2 dark:border-slate-800">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{c.title}</span>
                {c.change === 'added' && <span className="text-slate-500">new in this run</span>}
                {c.change === 'removed' && <span className="text-slate-500">not run this time</span>}
                {c.status && (
                  <span>
                    <StatusBadge status={c.status.from} /> → <StatusBadge status={c.status.to} /> <span className="font-semibold">{c.status.direction === 'better' ? '(better)' : c.status.direction === 'worse' ? '(worse)' : ''}</span>
                  </span>
                )}
              </div>
              {c.change === 'changed' && (
                <ul className="mt-1 space-y-0.5 text-slate-700 dark:text-slate-300">
                  {c.findingsGone.map((f, i) => <li key={`g${i}`}><span aria-hidden="true">− </span><span className="sr-only">Resolved: </span>{f.detail || f.code}</li>)}
                  {c.findingsNew.map((f, i) => <li key={`n${i}`}><span aria-hidden="true">+ </span><span className="sr-only">New: </span>{f.detail || f.code}</li>)}
                  {c.recordsGone.map((r, i) => <li key={`rg${i}`} className="font-mono text-xs break-all"><span aria-hidden="true">− </span><span className="sr-only">Record gone: </span>{r.name} {r.type} {r.value}</li>)}
                  {c.recordsNew.map((r, i) => <li key={`rn${i}`} className="font-mono text-xs break-all"><span aria-hidden="true">+ </span><span className="sr-only">Record new: </span>{r.name} {r.type} {r.value}</li>)}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {diff.unchanged > 0 && <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{diff.unchanged} other check{diff.unchanged === 1 ? '' : 's'} unchanged.</p>}
    </section>
  );
}
