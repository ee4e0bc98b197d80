'use client';

import { useActionState } from 'react';
import type { AnalyzeFormState } from '@/app/analyze/actions';
import { buttonClass, inputClass } from './styles';

type Action = (prev: AnalyzeFormState, form: FormData) => Promise<AnalyzeFormState>;

/** Paste box for a message; works before hydration too (a server action form). */
export function AnalyzeForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3">
      <label className="grid gap-1 text-sm">
        <span>Message source, headers, or Gmail&apos;s “Show original” page</span>
        <textarea
          name="message"
          required
          rows={14}
          spellCheck={false}
          placeholder={'Delivered-To: you@gmail.com\nReceived: from mail.example.com …\nAuthentication-Results: mx.google.com; spf=pass …'}
          className={`${inputClass} font-mono text-xs`}
          aria-describedby="store-help"
        />
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="store" className="mt-1 h-4 w-4" />
        <span>
          Store the full message with the report
          <span id="store-help" className="block text-slate-600 dark:text-slate-400">Off by default: only the headers and the analysis are kept, because message bodies can hold private data.</span>
        </span>
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>{pending ? 'Analysing…' : 'Analyse'}</button>
        <span aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">{pending ? 'Verifying SPF, DKIM and DMARC…' : ''}</span>
      </div>
      {state.error && <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">{state.error}</p>}
    </form>
  );
}
