import { secondaryButtonClass } from '../forms/styles';
import { CopyButton } from '../ui/copy-button';
import { TimeStamp } from '../ui/time-stamp';
import { PrintButton } from './print-button';

/** Title, when it was taken, the permanent link, and the report's actions. */
export function ReportHeader(props: {
  title: React.ReactNode;
  takenAt: string;
  url: string;
  runAgainHref?: string;
  /** A message report's "verify again" form (a POST, so no link). */
  runAgainForm?: React.ReactNode;
  deleteForm?: React.ReactNode;
}) {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold break-words">{props.title}</h1>
      <p className="text-sm text-slate-700 dark:text-slate-300">Taken <TimeStamp at={props.takenAt} /></p>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-700 dark:text-slate-300">Permanent link:</span>
        <a href={props.url} className="max-w-full truncate font-mono text-xs underline">{props.url}</a>
        <CopyButton text={props.url} label="Copy the report link" />
      </div>
      <div className="no-print flex flex-wrap gap-2">
        {props.runAgainHref && <a href={props.runAgainHref} className={secondaryButtonClass}>Run again</a>}
        {props.runAgainForm}
        <PrintButton className={secondaryButtonClass} />
        {props.deleteForm}
      </div>
    </div>
  );
}
