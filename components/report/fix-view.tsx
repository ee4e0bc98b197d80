import type { Fix } from '@/lib/checks/types';
import { whereWords } from '@/lib/report/priority';
import { CopyButton } from '../ui/copy-button';
import { SuggestedRecord } from '../ui/dns-record';

const WHERE_LABEL: Record<NonNullable<Fix['where']>, string> = {
  dns: 'Your DNS zone',
  'hosting-panel': 'Your hosting panel',
  relay: 'Your relay (Postfix / OpenDKIM)',
  provider: 'Your provider',
  'web-server': 'Your web server',
};

/**
 * The exact fix: where it is done, the steps, the records (with copy buttons, only ever in the
 * user's own zone; a PTR is set in the hosting panel), files to serve, and whether mxray proved it.
 */
export function FixView({ fix }: { fix: Fix }) {
  const where = fix.where ?? (fix.records.length ? 'dns' : undefined);
  const withheld = fix.proof && !fix.proof.resolved;
  const zone = fix.records.filter((r) => r.type !== 'PTR');
  const ptr = fix.records.filter((r) => r.type === 'PTR');
  return (
    <div className={`mt-3 rounded p-3 text-sm ${withheld ? 'border border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40' : 'bg-slate-50 dark:bg-slate-900'}`} data-fix-where={where} data-fix-proven={fix.proof ? String(fix.proof.resolved) : 'n/a'}>
      {where && <div className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">{WHERE_LABEL[where]}</div>}
      <div className="font-medium break-words whitespace-pre-line">{fix.summary}</div>
      {fix.replaces && <div className="mt-1 text-xs text-slate-600 dark:text-slate-400">Replace: <span className="font-mono break-all">{fix.replaces}</span></div>}
      {fix.steps && fix.steps.length > 0 && (
        <ol className="mt-2 list-decimal space-y-1 pl-5">
          {fix.steps.map((s, i) => (
            <li key={i} className="break-words">
              {s}
              {/^(opendkim-genkey|Postfix main\.cf)/.test(s) && <CopyButton className="ml-2" text={s.replace(/^Postfix main\.cf: /, '').replace(/ {2,}\(.*\)$/, '')} label={`Copy: ${s.slice(0, 40)}`} />}
            </li>
          ))}
        </ol>
      )}
      {ptr.map((r, i) => (
        <p key={`ptr-${i}`} className="mt-2 rounded border border-slate-200 bg-white p-2 text-xs dark:border-slate-700 dark:bg-slate-950">
          {whereWords('hosting-panel')}: set the reverse DNS (PTR) of <span className="font-mono">{r.name}</span> to <span className="font-mono break-all">{r.value.replace(/\.$/, '')}</span>{' '}
          <CopyButton text={r.value.replace(/\.$/, '')} label={`Copy PTR name ${r.value}`} />
        </p>
      ))}
      {zone.map((r, i) => <SuggestedRecord key={i} record={r} />)}
      {fix.files?.map((f) => (
        <div key={f.url} className="mt-2 rounded border border-slate-200 bg-white p-2 text-xs dark:border-slate-700 dark:bg-slate-950">
          <div className="flex items-start justify-between gap-2">
            <span>Serve at <span className="font-mono break-all">{f.url}</span> (text/plain)</span>
            <CopyButton text={f.content} label={`Copy the file for ${f.url}`} />
          </div>
          <pre className="mt-1 overflow-x-auto font-mono">{f.content}</pre>
        </div>
      ))}
      {fix.notes && fix.notes.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-xs text-slate-600 dark:text-slate-400">
          {fix.notes.map((n, i) => <li key={i} className="break-words">{n}</li>)}
        </ul>
      )}
      {fix.proof?.resolved && (
        <p className="mt-2 text-xs text-emerald-800 dark:text-emerald-300"><span aria-hidden="true">✓ </span>Checked: mxray ran this check again as if {fix.records.length === 1 ? 'this record were' : 'these records were'} published{fix.files?.length ? ' and the file served' : ''}, and it {fix.proof.after === 'pass' || fix.proof.after === 'info' ? 'passes' : 'no longer fails'}.</p>
      )}
    </div>
  );
}
