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
      <dl className="grid grid-cols-[auto_1fr_auto] items-start gap-x-2 gap-y-1">
        <dt className="text-slate-500 dark:text-slate-400">Name</dt>
        <dd className="font-mono break-all">{record.name}</dd>
        <CopyButton text={record.name} label={`Copy record name ${record.name}`} />
        <dt className="text-slate-500 dark:text-slate-400">Type</dt>
        <dd className="col-span-2 font-mono">{record.type}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Value</dt>
        <dd className="font-mono break-all">{record.value}</dd>
        <CopyButton text={record.value} label={`Copy ${record.type} value for ${record.name}`} />
      </dl>
      {record.strings && record.strings.length > 1 && (
        <p className="mt-1 text-slate-500 dark:text-slate-400">Longer than 255 characters: publish it as {record.strings.length} quoted strings in one record (most DNS panels split it for you).</p>
      )}
    </div>
  );
}
