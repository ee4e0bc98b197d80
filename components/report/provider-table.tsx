import type { CheckStatus } from '@/lib/checks/types';
import type { ProviderRow, ProviderVerdict, RequirementId, RowStatus, SenderKind } from '@/lib/providers/types';
import { StatusBadge } from '../ui/status-badge';

const BADGE: Record<RowStatus, { status: CheckStatus; label: string }> = {
  pass: { status: 'pass', label: 'Pass' },
  fail: { status: 'fail', label: 'Fail' },
  unknown: { status: 'error', label: 'Unknown' },
};
const HEADLINE: Record<RowStatus, string> = { pass: 'meets the requirements', fail: 'will junk or reject this mail', unknown: 'not decided yet' };
const FROM: Record<string, string> = { domain: 'DNS', message: 'test message' };

/** Bulk (≥5,000 a day) or one-to-one: plain links, so the toggle works without JavaScript. */
function SenderToggle({ senders }: { senders: SenderKind }) {
  const item = (kind: SenderKind, label: string) =>
    kind === senders ? (
      <span aria-current="true" className="rounded bg-slate-800 px-2 py-0.5 text-white dark:bg-slate-200 dark:text-slate-900">{label}</span>
    ) : (
      <a href={`?senders=${kind}#providers-title`} className="rounded px-2 py-0.5 underline hover:bg-slate-100 dark:hover:bg-slate-800">{label}</a>
    );
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm" aria-label="Kind of sender">
      I send: {item('bulk', 'bulk mail (5,000 or more a day)')} {item('one-to-one', 'one-to-one mail')}
    </p>
  );
}

function Cell({ row }: { row: ProviderRow | undefined }) {
  if (!row) return <span className="text-slate-400" title="This provider publishes no such rule">—</span>;
  if (!row.required) {
    return (
      <span className="text-xs text-slate-500 dark:text-slate-400" title={row.applies === 'guidance' ? 'Guidance: not counted in the verdict' : `Required of ${row.applies} only`}>
        {BADGE[row.status].label.toLowerCase()} · {row.applies === 'guidance' ? 'guidance' : `${row.applies} only`}
      </span>
    );
  }
  return (
    <span className="flex flex-col items-start gap-0.5">
      <StatusBadge status={BADGE[row.status].status} label={BADGE[row.status].label} />
      {row.reply && <span className="font-mono text-xs font-semibold" title="The SMTP reply this provider gives">{row.reply}</span>}
    </span>
  );
}

/**
 * One row per requirement, one column per provider: the evidence is the same for all three, what
 * differs is whether each asks for it and the reply it gives. Sources (link and date) at the foot.
 */
export function ProviderTable({ providers, senders }: { providers: ProviderVerdict[]; senders: SenderKind }) {
  const requirements: RequirementId[] = [];
  for (const p of providers) for (const r of p.rows) if (!requirements.includes(r.requirement)) requirements.push(r.requirement);
  const rowOf = (p: ProviderVerdict, id: RequirementId) => p.rows.find((r) => r.requirement === id);
  const anyRow = (id: RequirementId) => providers.map((p) => rowOf(p, id)).find(Boolean)!;
  const sources = providers.map((p) => ({ name: p.name, list: [...new Map(p.rows.map((r) => [r.source.url, r.source])).values()] }));
  return (
    <section aria-labelledby="providers-title" className="space-y-3" data-testid="provider-table">
      <h2 id="providers-title" className="text-lg font-semibold">Will Gmail, Yahoo and Outlook.com take this mail?</h2>
      <SenderToggle senders={senders} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left align-top dark:border-slate-800">
              <th className="p-2 font-medium">Requirement</th>
              {providers.map((p) => (
                <th key={p.provider} className="w-40 p-2 font-medium" data-provider={p.provider} data-verdict={p.verdict}>
                  <span className="flex flex-col gap-1">
                    <span>{p.name}</span>
                    <StatusBadge status={BADGE[p.verdict].status} label={HEADLINE[p.verdict]} />
                    <span className="text-xs font-normal text-slate-600 dark:text-slate-400">{p.met} of {p.required} met</span>
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {requirements.map((id) => {
              const any = anyRow(id);
              return (
                <tr key={id} className="align-top" data-requirement={id}>
                  <td className="p-2">
                    <p className="font-medium">{any.text}</p>
                    <p className="break-words text-xs text-slate-600 dark:text-slate-400">{any.detail}{any.from.length ? ` (from ${any.from.map((f) => FROM[f] ?? f).join(' and ')})` : ''}</p>
                  </td>
                  {providers.map((p) => (
                    <td key={p.provider} className="p-2"><Cell row={rowOf(p, id)} /></td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Sources:{' '}
        {sources.flatMap((s) => s.list.map((src) => (
          <span key={src.url} className="mr-3 inline-block">
            <a className="underline" href={src.url} rel="noreferrer noopener" target="_blank">{src.title}</a> ({src.date})
          </span>
        )))}
      </p>
    </section>
  );
}
