import type { CheckStatus } from '@/lib/checks/types';
import type { ContentState } from '@/lib/content/types';
import { describeFinding } from '@/lib/findings/catalog';
import { StatusBadge } from '../ui/status-badge';

/** SpamAssassin's score with each rule that fired, then mxray's own content findings. */
export function ContentView({ content }: { content: ContentState }) {
  if (content.state === 'pending') {
    return (
      <section aria-labelledby="content-title" className="rounded-lg border border-slate-200 p-3 dark:border-slate-800" aria-busy="true">
        <h2 id="content-title" className="text-lg font-semibold">Content</h2>
        <p className="text-sm">Content checks are still running (SpamAssassin and link lookups); reload in a few seconds.</p>
      </section>
    );
  }
  const sa = content.spamassassin;
  const shown = content.findings.filter((f) => f.severity !== 'pass' || content.findings.length === 1);
  return (
    <section aria-labelledby="content-title" className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="content-view">
      <h2 id="content-title" className="text-lg font-semibold">Content</h2>
      {sa.state === 'scanned' ? (
        <div>
          <p className="text-sm">
            <StatusBadge status={sa.score >= sa.required ? 'fail' : sa.score >= sa.required / 2 ? 'warn' : 'pass'} label={`SpamAssassin ${sa.score}`} /> {sa.required} or more marks spam · local rules only (no network tests, no Bayes)
          </p>
          {sa.rules.length > 0 && (
            <table className="mt-2 w-full text-sm">
              <thead><tr className="text-left text-xs text-slate-500"><th className="w-16 pr-2 text-right">points</th><th className="pr-2">rule</th><th>what it means</th></tr></thead>
              <tbody>
                {[...sa.rules].sort((a, b) => b.points - a.points).map((r) => (
                  <tr key={r.name} className="align-top">
                    <td className="pr-2 text-right font-mono tabular-nums">{r.points.toFixed(1)}</td>
                    <td className="pr-2 font-mono text-xs break-all">{r.name}</td>
                    <td className="break-words">{r.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">{sa.reason}</p>
      )}
      <ul className="space-y-1 text-sm">
        {shown.map((f, i) => (
          <li key={`${f.code}-${i}`} className="flex gap-2">
            <StatusBadge status={f.severity as CheckStatus} />
            <span className="min-w-0 break-words"><span className="font-medium">{describeFinding(f.code).title}.</span> {f.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
