import type { CheckResult } from '@/lib/checks/types';
import { StatusBadge } from '../ui/status-badge';

/**
 * One line of the summary at the top of a report. Fixed height, so rows that stream in replace
 * their skeleton without moving anything (no layout shift).
 */
export function CheckRow({ check, href }: { check: CheckResult; href?: string }) {
  const body = (
    <>
      <span className="w-32 shrink-0"><StatusBadge status={check.status} /></span>
      <span className="w-44 shrink-0 truncate font-medium">{check.title}</span>
      <span className="min-w-0 flex-1 truncate text-slate-600 dark:text-slate-400" title={check.summary}>{check.summary}</span>
    </>
  );
  return (
    <div className="flex h-11 items-center gap-3 overflow-hidden px-3 text-sm">
      {href ? <a href={href} className="flex min-w-0 flex-1 items-center gap-3 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">{body}</a> : body}
    </div>
  );
}

export function CheckRowSkeleton({ title }: { title: string }) {
  return (
    <div className="flex h-11 items-center gap-3 px-3 text-sm" aria-busy="true">
      <span className="w-32 shrink-0">
        <span className="inline-flex animate-pulse items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <span aria-hidden="true">…</span>Checking
        </span>
      </span>
      <span className="w-44 shrink-0 truncate font-medium">{title}</span>
      <span className="h-3 flex-1 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
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
