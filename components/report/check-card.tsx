import type { CheckResult, Finding } from '@/lib/checks/types';
import { describeFinding } from '@/lib/findings/catalog';
import { rankFindings } from '@/lib/report/priority';
import { StatusBadge } from '../ui/status-badge';
import { CheckData } from './check-data';
import { FixView } from './fix-view';

/** One check in full: summary, findings with the why and the fix, records seen, the exact fix. */
function FindingList({ findings }: { findings: Finding[] }) {
  return (
    <ul className="mt-3 space-y-2 text-sm">
      {findings.map((f, i) => {
        const text = describeFinding(f.code);
        const problem = f.severity === 'fail' || f.severity === 'warn' || f.severity === 'error';
        return (
          <li key={`${f.code}-${i}`} className="flex gap-2">
            <StatusBadge status={f.severity} />
            <div className="min-w-0">
              <div className="break-words">{f.detail || text.title}</div>
              {text.why && problem && <div className="text-slate-600 dark:text-slate-400">{text.why}</div>}
              {text.fix && (f.severity === 'fail' || f.severity === 'warn') && <div className="text-slate-600 dark:text-slate-400">Fix: {text.fix}</div>}
              {text.ref && problem && <div className="text-xs break-all text-slate-500 dark:text-slate-400">{text.ref}</div>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** Problems shown; passes and info folded away when there are more than a few, so the fix stays in view. */
function split(findings: Finding[]): { important: Finding[]; routine: Finding[] } {
  const isProblem = (f: Finding) => f.severity === 'fail' || f.severity === 'warn' || f.severity === 'error';
  if (findings.length <= 4) return { important: findings, routine: [] };
  return { important: findings.filter(isProblem), routine: findings.filter((f) => !isProblem(f)) };
}

export function CheckCard({ check }: { check: CheckResult }) {
  const { important, routine } = split(rankFindings(check.findings));
  return (
    <section id={`check-${check.id}`} aria-labelledby={`check-${check.id}-title`} className="scroll-mt-4 rounded-lg border border-slate-200 p-4 break-inside-avoid dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-3">
        <StatusBadge status={check.status} />
        <h3 id={`check-${check.id}-title`} className="font-semibold">{check.title}</h3>
        {typeof check.ms === 'number' && <span className="ml-auto text-xs text-slate-500 dark:text-slate-400">{check.ms} ms</span>}
      </div>
      <p className="mt-2 text-sm">{check.summary}</p>
      {important.length > 0 && <FindingList findings={important} />}
      {routine.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">{routine.length} passing or informational detail{routine.length === 1 ? '' : 's'}</summary>
          <FindingList findings={routine} />
        </details>
      )}
      <CheckData check={check} />
      {check.records.length > 0 && (
        <details className="mt-3 text-xs">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Records seen ({check.records.length})</summary>
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-left">
              <thead className="text-slate-500 dark:text-slate-400">
                <tr>
                  <th scope="col" className="pr-3 font-medium">Name</th>
                  <th scope="col" className="pr-3 font-medium">Type</th>
                  <th scope="col" className="pr-3 font-medium">TTL</th>
                  <th scope="col" className="font-medium">Value</th>
                </tr>
              </thead>
              <tbody>
                {check.records.map((r, i) => (
                  <tr key={i} className="align-top">
                    <td className="pr-3 font-mono break-all">{r.name}</td>
                    <td className="pr-3 font-mono">{r.type}</td>
                    <td className="pr-3 font-mono">{r.ttl ?? ''}</td>
                    <td className="font-mono break-all">{r.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      {check.fix && <FixView fix={check.fix} />}
    </section>
  );
}
