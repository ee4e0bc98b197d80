import type { CheckStatus } from '@/lib/checks/types';

const STYLE: Record<CheckStatus, string> = {
  pass: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200',
  info: 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200',
  warn: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
  fail: 'bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200',
  error: 'bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-900/40 dark:text-fuchsia-200',
};
export const STATUS_LABEL: Record<CheckStatus, string> = { pass: 'Pass', info: 'Info', warn: 'Warning', fail: 'Fail', error: 'Could not test' };
// A symbol as well as a colour: colour must not be the only signal.
export const STATUS_ICON: Record<CheckStatus, string> = { pass: '✓', info: 'i', warn: '!', fail: '✗', error: '?' };

export function StatusBadge({ status, label }: { status: CheckStatus; label?: string }) {
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 self-start rounded px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${STYLE[status]}`}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span>
      {label ?? STATUS_LABEL[status]}
    </span>
  );
}
