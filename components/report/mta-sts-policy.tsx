import type { MtaStsData } from '@/lib/checks/mta-sts';
import { CopyButton } from '../ui/copy-button';

/** The policy file mxray suggests serving, with its URL and a copy button: it is copied as a whole file. */
export function MtaStsPolicyFile({ data }: { data: MtaStsData }) {
  if (!data.suggestedPolicy) return null;
  return (
    <div className="mt-3 rounded border border-slate-200 p-2 text-xs dark:border-slate-700" data-testid="mta-sts-policy">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>Policy file to serve at <span className="font-mono break-all">{data.policyUrl}</span></span>
        <span className="flex gap-2">
          <CopyButton text={data.policyUrl} label={`Copy the policy URL ${data.policyUrl}`} />
          <CopyButton text={data.suggestedPolicy} label="Copy the MTA-STS policy file" />
        </span>
      </div>
      <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 font-mono whitespace-pre dark:bg-slate-900">{data.suggestedPolicy}</pre>
    </div>
  );
}
