import type { ItemState, ItemStatus } from '@/lib/checklist/evaluate';
import { FixView } from '../report/fix-view';
import { STATUS_ICON, STATUS_LABEL } from '../ui/status-badge';

const LOOK: Record<ItemState, { icon: string; word: string; tone: string }> = {
  done: { icon: '✓', word: 'Done', tone: 'border-emerald-600 bg-emerald-600 text-white' },
  todo: { icon: '✗', word: 'To do', tone: 'border-red-600 text-red-700 dark:text-red-300' },
  // The report's words and symbols for the same check status, so a step and its check never disagree
  // (MX with a warning was "Done, with a note" here and "Warning" on the report). It still counts as done.
  warn: { icon: STATUS_ICON.warn, word: `${STATUS_LABEL.warn} (counts as done)`, tone: 'border-amber-500 text-amber-800 dark:text-amber-300' },
  error: { icon: STATUS_ICON.error, word: STATUS_LABEL.error, tone: 'border-fuchsia-600 text-fuchsia-700 dark:text-fuchsia-300' },
  pending: { icon: '…', word: 'Waiting', tone: 'border-slate-400 text-slate-600 dark:text-slate-300' },
  'needs-input': { icon: '·', word: 'Needs your server IP', tone: 'border-slate-400 text-slate-600 dark:text-slate-300' },
};

/** One step of the setup checklist: state (symbol + word + colour), why it matters, the exact fix. */
export function ChecklistItem({ item, index, children }: { item: ItemStatus; index: number; children?: React.ReactNode }) {
  const look = LOOK[item.state];
  const open = item.state !== 'done';
  return (
    <li className="flex gap-3 py-4" data-item={item.id} data-state={item.state} data-complete={item.complete}>
      <span aria-hidden="true" className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full border-2 text-sm font-bold ${look.tone}`}>{look.icon}</span>
      <div className="min-w-0 flex-1">
        <h3 className="font-semibold">
          <span className="sr-only">Step {index + 1}: </span>{item.title}
          <span className="ml-2 text-xs font-medium text-slate-600 dark:text-slate-400">— {look.word}</span>
        </h3>
        <p className="text-sm break-words">{item.summary}</p>
        {open && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{item.explanation}</p>}
        {open && item.problems.length > 0 && (
          <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm">
            {item.problems.slice(0, 5).map((p, i) => <li key={i} className="break-words">{p.detail || p.code}</li>)}
          </ul>
        )}
        {open && item.fix && <FixView fix={item.fix} />}
        {open && !item.fix && item.howTo && <p className="mt-2 text-sm"><span className="font-medium">How to fix: </span>{item.howTo}</p>}
        {open && (item.state === 'todo' || item.state === 'warn') && item.ttl !== undefined && (
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Changed it already? Resolvers may keep the old answer for up to {item.ttl} s (the record&apos;s TTL) before they see your change.</p>
        )}
        {item.auth && (
          <ul className="mt-2 flex flex-wrap gap-2 text-xs">
            {item.auth.map((a) => (
              <li key={a.method} className={`rounded border px-2 py-0.5 font-semibold ${a.result === 'pass' ? 'border-emerald-600 text-emerald-800 dark:text-emerald-300' : 'border-red-600 text-red-800 dark:text-red-300'}`}>
                <span aria-hidden="true">{a.result === 'pass' ? '✓ ' : '✗ '}</span>{a.method.toUpperCase()} {a.result}
              </li>
            ))}
          </ul>
        )}
        {item.reportId && <p className="mt-2 text-sm"><a className="underline" href={`/r/${item.reportId}`}>Open the test message&apos;s report</a></p>}
        {children}
      </div>
    </li>
  );
}
