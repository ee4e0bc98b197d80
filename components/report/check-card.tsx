import type { CheckResult } from '@/lib/checks/types';
import { describeFinding } from '@/lib/findings/catalog';
import { StatusBadge } from '../ui/status-badge';

export function CheckCard({ check }: { check: CheckResult }) {
  return (
    <section aria-labelledby={`check-${check.id}`} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <div className="flex items-center gap-3">
        <StatusBadge status={check.status} />
        <h2 id={`check-${check.id}`} className="font-semibold">{check.title}</h2>
      </div>
      <p className="mt-2 text-sm">{check.summary}</p>
      {check.findings.length > 0 && (
        <ul className="mt-3 space-y-2 text-sm">
          {check.findings.map((f, i) => {
            const text = describeFinding(f.code);
            return (
              <li key={`${f.code}-${i}`} className="flex gap-2">
                <StatusBadge status={f.severity} />
                <div>
                  <div>{f.detail || text.title}</div>
                  {text.why && f.severity !== 'pass' && <div className="text-slate-600 dark:text-slate-400">{text.why}</div>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {check.records.length > 0 && (
        <div className="mt-3 overflow-x-auto">
          <table className="text-xs">
            <tbody>
              {check.records.map((r, i) => (
                <tr key={i}>
                  <td className="pr-3 font-mono">{r.name}</td>
                  <td className="pr-3 font-mono">{r.type}</td>
                  <td className="font-mono break-all">{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {check.fix && (
        <div className="mt-3 rounded bg-slate-50 p-3 text-sm dark:bg-slate-900">
          <div className="font-medium">{check.fix.summary}</div>
          {check.fix.records.map((r, i) => (
            <pre key={i} className="mt-1 overflow-x-auto font-mono text-xs">{`${r.name}  ${r.type}  ${r.value}`}</pre>
          ))}
        </div>
      )}
    </section>
  );
}
