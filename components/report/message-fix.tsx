import type { MessageFix } from '@/lib/message/types';
import { CopyButton } from '../ui/copy-button';
import { SuggestedRecord } from '../ui/dns-record';

const WHERE: Record<MessageFix['where'], string> = { dns: 'In your DNS zone', relay: 'On your relay' };

/** The fix for one message finding: where it is done, then the record or the setting to copy. */
export function MessageFixView({ fix }: { fix: MessageFix }) {
  return (
    <div className="mt-1 rounded border border-emerald-200 bg-emerald-50/50 p-2 text-sm dark:border-emerald-900 dark:bg-emerald-950/30" data-testid="message-fix">
      <p><span className="font-medium">{WHERE[fix.where]}:</span> {fix.summary}</p>
      {fix.record && <SuggestedRecord record={fix.record} />}
      {fix.proof && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Proven: evaluated with this record in place on today&apos;s DNS, the result is {fix.proof.result}.</p>}
      {fix.setting && (
        <div className="mt-2 flex items-start justify-between gap-2 rounded border border-slate-200 bg-white p-2 text-xs dark:border-slate-700 dark:bg-slate-950">
          <span className="min-w-0"><span className="text-slate-600 dark:text-slate-400">{fix.setting.file}</span><br /><span className="font-mono break-all">{fix.setting.line}</span></span>
          <CopyButton text={fix.setting.line} label={`Copy ${fix.setting.line}`} />
        </div>
      )}
    </div>
  );
}
