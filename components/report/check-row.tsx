import type { CheckResult } from '@/lib/checks/types';
import { StatusBadge } from '../ui/status-badge';

// On a phone the three columns do not fit: the description moves to its own line (two lines at
// most) instead of being cut to a character. From sm up: one line of fixed height, so rows that
// stream in replace their skeleton without moving anything (no layout shift); the skeleton has the
// same two-line shape on a phone.
const ROW = 'flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-0.5 sm:flex-nowrap';
const OUTER = 'flex min-h-16 items-center overflow-hidden px-3 py-1.5 text-sm sm:h-11 sm:min-h-0 sm:py-0';
const DESCRIPTION = 'line-clamp-2 basis-full text-slate-600 sm:line-clamp-none sm:min-w-0 sm:flex-1 sm:basis-auto sm:truncate dark:text-slate-400';

/** One line of the summary at the top of a report. */
export function CheckRow({ check, href }: { check: CheckResult; href?: string }) {
  const body = (
    <>
      <span className="shrink-0 sm:w-32"><StatusBadge status={check.status} /></span>
      <span className="min-w-0 truncate font-medium sm:w-44 sm:shrink-0">{check.title}</span>
      <span className={DESCRIPTION} title={check.summary} data-testid="check-row-summary">{check.summary}</span>
    </>
  );
  return (
    <div className={OUTER}>
      {href ? <a href={href} className={`${ROW} hover:underline focus-visible:outline-2 focus-visible:outline-sky-600`}>{body}</a> : <div className={ROW}>{body}</div>}
    </div>
  );
}

export function CheckRowSkeleton({ title }: { title: string }) {
  return (
    <div className={OUTER} aria-busy="true">
      <div className={ROW}>
        <span className="shrink-0 sm:w-32">
          <span className="inline-flex animate-pulse items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            <span aria-hidden="true">…</span>Checking
          </span>
        </span>
        <span className="min-w-0 truncate font-medium sm:w-44 sm:shrink-0">{title}</span>
        <span className="h-3 basis-full animate-pulse rounded bg-slate-100 sm:flex-1 sm:basis-auto dark:bg-slate-800" />
      </div>
    </div>
  );
}

const ORDER = ['fail', 'error', 'warn', 'info', 'pass'] as const;

/** "2 fail · 1 warning · 6 pass": the counts behind the overall verdict. */
export function StatusCounts({ checks }: { checks: CheckResult[] }) {
  const counts = new Map<string, number>();
  for (const c of checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const words: Record<string, string> = { fail: 'failing', error: 'could not test', warn: 'with warnings', info: 'informational', pass: 'passing' };
  return (
    <span className="text-sm text-slate-600 dark:text-slate-400">
      {ORDER.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${words[s]}`).join(' · ')}
    </span>
  );
}
