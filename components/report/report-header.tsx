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
  /** ISO times of the retention sweep (null or absent: kept, or no stored body). */
  expiresAt?: string | null;
  bodyExpiresAt?: string | null;
}) {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold break-words">{props.title}</h1>
      <p className="text-sm text-slate-700 dark:text-slate-300">Taken <TimeStamp at={props.takenAt} /></p>
      {(props.expiresAt || props.bodyExpiresAt) && (
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="report-expiry">
          {props.expiresAt && <>This report is deleted on <TimeStamp at={props.expiresAt} />. </>}
          {props.bodyExpiresAt && <>The stored message itself is removed on <TimeStamp at={props.bodyExpiresAt} /> (headers and analysis stay).</>}
        </p>
      )}
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
