import type { VerdictChange } from '@/lib/message/verdict-diff';

/** Verdicts of the same message before and after a re-verification with fresh DNS answers. */
export function VerdictDiffView({ changes, previousHref, headersOnly }: { changes: VerdictChange[]; previousHref: string; headersOnly: boolean }) {
  const changed = changes.filter((c) => c.changed);
  return (
    <section aria-labelledby="reverify-title" data-testid="verdict-diff" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="reverify-title" className="font-semibold">
        The same message verified again with today&apos;s DNS (<a className="underline" href={previousHref}>earlier verification</a>)
      </h2>
      {headersOnly && <p className="mt-1 text-sm">Only the headers were kept, so DKIM body hashes could not be checked again.</p>}
      {changed.length === 0 && <p className="mt-2 text-sm">No verdict changed.</p>}
      <ul className="mt-2 space-y-1 text-sm">
        {changes.map((c) => (
          <li key={c.check} data-changed={c.changed ? 'yes' : 'no'}>
            <span className="font-medium">{c.check}</span>: {c.changed ? <>{c.before} → <strong>{c.after}</strong></> : <>{c.after} (unchanged)</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
