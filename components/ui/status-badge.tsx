import type { CheckStatus } from '@/lib/checks/types';

const STYLE: Record<CheckStatus, string> = {
  pass: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200',
  info: 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200',
  warn: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
  fail: 'bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200',
  error: 'bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-900/40 dark:text-fuchsia-200',
};
const LABEL: Record<CheckStatus, string> = { pass: 'Pass', info: 'Info', warn: 'Warning', fail: 'Fail', error: 'Could not test' };

export function StatusBadge({ status }: { status: CheckStatus }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STYLE[status]}`}>{LABEL[status]}</span>;
}
