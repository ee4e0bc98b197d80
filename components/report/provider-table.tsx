import type { CheckStatus } from '@/lib/checks/types';
import type { Applies, ProviderVerdict, RowStatus, SenderKind } from '@/lib/providers/types';
import { StatusBadge } from '../ui/status-badge';

const BADGE: Record<RowStatus, { status: CheckStatus; label: string }> = {
  pass: { status: 'pass', label: 'Pass' },
  fail: { status: 'fail', label: 'Fail' },
  unknown: { status: 'error', label: 'Unknown' },
};
const HEADLINE: Record<RowStatus, string> = { pass: 'meets the requirements', fail: 'will junk or reject this mail', unknown: 'not decided yet' };
const APPLIES: Record<Applies, string> = { all: 'all senders', bulk: 'bulk senders', forwarders: 'forwarders', guidance: 'guidance, not counted' };
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

/** One card per provider: its verdict, then each requirement with evidence, reply code and source. */
export function ProviderTable({ providers, senders }: { providers: ProviderVerdict[]; senders: SenderKind }) {
  return (
    <section aria-labelledby="providers-title" className="space-y-3" data-testid="provider-table">
      <h2 id="providers-title" className="text-lg font-semibold">Will Gmail, Yahoo and Outlook.com take this mail?</h2>
      <SenderToggle senders={senders} />
      <div className="grid gap-4 lg:grid-cols-3">
        {providers.map((p) => (
          <div key={p.provider} className="min-w-0 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
            <h3 className="flex flex-wrap items-center gap-2 font-medium">
              <StatusBadge status={BADGE[p.verdict].status} label={BADGE[p.verdict].label} />
              {p.name}: {HEADLINE[p.verdict]}
            </h3>
            <p className="text-xs text-slate-600 dark:text-slate-400">{p.met} of {p.required} requirements met</p>
            <ul className="mt-2 space-y-2 text-sm">
              {p.rows.map((r) => (
                <li key={r.requirement} className={`flex gap-2 ${r.required ? '' : 'opacity-75'}`}>
                  <StatusBadge status={BADGE[r.status].status} label={BADGE[r.status].label} />
                  <div className="min-w-0">
                    <p className="font-medium">{r.text} <span className="text-xs font-normal text-slate-500 dark:text-slate-400">({APPLIES[r.applies]}{r.from.length ? `; from ${r.from.map((f) => FROM[f] ?? f).join(' and ')}` : ''})</span></p>
                    <p className="break-words text-slate-700 dark:text-slate-300">{r.detail}</p>
                    {r.reply && <p className="text-xs">Expect the reply <span className="font-mono font-semibold">{r.reply}</span></p>}
                    <p className="text-xs"><a className="underline" href={r.source.url} rel="noreferrer noopener" target="_blank">{r.source.title}</a>, {r.source.date}</p>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
