import { CopyButton } from './copy-button';

export interface DnsRecordLike {
  name: string;
  type: string;
  value: string;
  strings?: string[];
  ttl?: number;
}

/** A record to publish: name, type and value as text, each with a copy button. */
export function SuggestedRecord({ record }: { record: DnsRecordLike }) {
  return (
    <div className="mt-2 rounded border border-slate-200 bg-white p-2 text-xs dark:border-slate-700 dark:bg-slate-950">
      <dl className="space-y-1">
        <div className="flex items-start gap-2">
          <dt className="w-12 shrink-0 text-slate-600 dark:text-slate-400">Name</dt>
          <dd className="flex min-w-0 flex-1 items-start justify-between gap-2">
            <span className="font-mono break-all">{record.name}</span>
            <CopyButton text={record.name} label={`Copy record name ${record.name}`} />
          </dd>
        </div>
        <div className="flex items-start gap-2">
          <dt className="w-12 shrink-0 text-slate-600 dark:text-slate-400">Type</dt>
          <dd className="font-mono">{record.type}</dd>
        </div>
        <div className="flex items-start gap-2">
          <dt className="w-12 shrink-0 text-slate-600 dark:text-slate-400">Value</dt>
          <dd className="flex min-w-0 flex-1 items-start justify-between gap-2">
            <span className="font-mono break-all">{record.value}</span>
            <CopyButton text={record.value} label={`Copy ${record.type} value for ${record.name}`} />
          </dd>
        </div>
      </dl>
      {record.strings && record.strings.length > 1 && (
        <p className="mt-1 text-slate-500 dark:text-slate-400">Longer than 255 characters: publish it as {record.strings.length} quoted strings in one record (most DNS panels split it for you).</p>
      )}
    </div>
  );
}
