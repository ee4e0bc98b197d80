import { buttonClass } from './styles';

/**
 * Shown instead of running a check when another site sent the browser here (see
 * lib/api/user-initiated.ts): the same request as a GET form, so one click from this page runs it
 * and the URL stays shareable.
 */
export function ConfirmRun({ action, fields, children }: { action: string; fields: Record<string, string | undefined>; children: React.ReactNode }) {
  return (
    <form method="get" action={action} className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid="confirm-run">
      <p>{children}</p>
      <p className="text-sm text-slate-700 dark:text-slate-300">Another site linked here; mxray runs checks only when you ask for them.</p>
      {Object.entries(fields).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <button type="submit" className={buttonClass}>Run it</button>
    </form>
  );
}
