import type { CheckStatus } from '@/lib/checks/types';
import { STATUS_ICON } from '../ui/status-badge';

const TONE: Record<CheckStatus, string> = {
  pass: 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-100',
  info: 'border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950/50 dark:text-sky-100',
  warn: 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100',
  fail: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100',
  error: 'border-fuchsia-300 bg-fuchsia-50 text-fuchsia-950 dark:border-fuchsia-800 dark:bg-fuchsia-950/50 dark:text-fuchsia-100',
};

const HEADLINE: Record<CheckStatus, string> = {
  pass: 'All good',
  info: 'All good',
  warn: 'Works, with warnings',
  fail: 'Problems to fix',
  error: 'Some checks could not run',
};

/**
 * The pass/warn/fail summary at the top of a report: a word, a symbol and a colour. Notes alone
 * (an optional record absent) do not make a report less than passing: "info" is shown as passing.
 */
export function Verdict({ status: raw, children }: { status: CheckStatus; children?: React.ReactNode }) {
  const status = raw === 'info' ? 'pass' : raw;
  return (
    <div className={`flex items-center gap-4 rounded-lg border p-4 ${TONE[status]}`} role="status" data-verdict={status}>
      <span aria-hidden="true" className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full border-2 border-current text-xl font-bold">{STATUS_ICON[status]}</span>
      <div className="min-w-0">
        <p className="text-lg font-semibold">{HEADLINE[status]}</p>
        {children}
      </div>
    </div>
  );
}
