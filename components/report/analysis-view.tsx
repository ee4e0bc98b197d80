import type { AuthSide, AuthVerdict, MessageAnalysis } from '@/lib/message/types';
import type { CheckStatus } from '@/lib/checks/types';
import { describeFinding } from '@/lib/findings/catalog';
import { StatusBadge } from '../ui/status-badge';
import { HopTimeline } from './hop-timeline';
import { MessageFixView } from './message-fix';
import { ReceiptView } from './receipt-view';
import { Verdict } from './verdict';

const VERDICT_STATUS: Record<AuthVerdict, CheckStatus> = {
  pass: 'pass', fail: 'fail', softfail: 'warn', neutral: 'warn', none: 'fail', temperror: 'error', permerror: 'fail', policy: 'warn',
};

function VerdictCell({ v, extra, method }: { v?: AuthVerdict; extra?: string; method: string }) {
  if (!v) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  // No ARC set is normal for a message sent directly (RFC 8617 applies to intermediaries): not red.
  const status = method === 'ARC' && v === 'none' ? 'info' : VERDICT_STATUS[v];
  return (
    <span className="flex flex-wrap items-center gap-2">
      <StatusBadge status={status} label={v} />
      {extra && <span className="font-mono text-xs break-all">{extra}</span>}
    </span>
  );
}

function rows(side: AuthSide) {
  const dkim = side.dkim.length ? side.dkim : [];
  return [
    { method: 'SPF', v: side.spf?.result, extra: side.spf?.domain },
    ...(dkim.length ? dkim.map((d, i) => ({ method: dkim.length > 1 ? `DKIM #${i + 1}` : 'DKIM', v: d.result, extra: [d.domain && `d=${d.domain}`, d.selector && `s=${d.selector}`, d.aligned === false && 'not aligned with From', d.bodyHash === 'mismatch' && 'body changed after signing', d.bodyHash === 'not-checked' && 'body not checked (headers only)'].filter(Boolean).join(' · ') })) : [{ method: 'DKIM', v: undefined as AuthVerdict | undefined, extra: undefined as string | undefined }]),
    { method: 'DMARC', v: side.dmarc?.result, extra: side.dmarc?.policy ? `p=${side.dmarc.policy}` : undefined },
    ...(side.arc ? [{ method: 'ARC', v: side.arc.result, extra: undefined }] : []),
  ];
}

/** Verdicts side by side (what the receiver said, what mxray verified), findings, the route. */
export function AnalysisView({ analysis, headers, message }: { analysis: MessageAnalysis; headers?: string; message?: string }) {
  const problems = analysis.findings.filter((f) => f.severity === 'warn' || f.severity === 'fail' || f.severity === 'error');
  const received = analysis.receipt !== undefined;
  const headline = analysis.headline;
  return (
    <div className="space-y-6">
      <Verdict status={headline?.status ?? analysis.status}>
        {headline && <p className="text-sm break-words" data-testid="headline-text">{headline.text}</p>}
        <p className="text-sm break-words">
          {analysis.subject ? <>“{analysis.subject}”</> : 'Message without a subject'}
          {analysis.from ? <> from <span className="font-mono">{analysis.from}</span></> : null}
        </p>
      </Verdict>

      {received && <p className="text-sm text-slate-700 dark:text-slate-300">A test message received by mxray&apos;s own mail server · {analysis.input?.headerFields ?? 0} header fields</p>}
      {analysis.receipt && <ReceiptView receipt={analysis.receipt} />}

      {!received && analysis.input && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Read as {analysis.input.format === 'gmail-original' ? 'Gmail “Show original” page' : analysis.input.format === 'headers' ? 'headers only' : 'a complete message'}
          {analysis.input.provider ? `, headers from ${analysis.input.provider}` : ''} · {analysis.input.headerFields} header fields
          {analysis.input.truncated ? ` · ${analysis.input.truncated}` : ''}
        </p>
      )}
      <section aria-labelledby="verdicts-title">
        <h2 id="verdicts-title" className="mb-2 text-lg font-semibold">Authentication</h2>
        <div className="grid gap-4 md:grid-cols-2">
          {([['Receiver said', analysis.receiver, received ? 'mxray was the receiver' : analysis.receiver.authservId], ['mxray verified', analysis.verified, undefined]] as const).map(([title, side, authserv]) => (
            <div key={title} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
              <h3 className="font-medium">{title}{authserv ? <span className="text-xs font-normal text-slate-500"> ({authserv})</span> : null}</h3>
              <table className="mt-2 w-full text-sm">
                <tbody>
                  {rows(side).map((r) => (
                    <tr key={r.method} className="align-top">
                      <th scope="row" className="w-20 py-1 pr-2 text-left font-medium">{r.method}</th>
                      <td className="py-1"><VerdictCell v={r.v} extra={r.extra} method={r.method} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      </section>

      {analysis.findings.length > 0 && (
        <section aria-labelledby="findings-title">
          <h2 id="findings-title" className="mb-2 text-lg font-semibold">Findings {problems.length > 0 && <span className="text-sm font-normal text-slate-500">({problems.length} to look at)</span>}</h2>
          <ul className="space-y-2 text-sm">
            {analysis.findings.map((f, i) => {
              const t = describeFinding(f.code);
              return (
                <li key={i} className="flex gap-2">
                  <StatusBadge status={f.severity} />
                  <div className="min-w-0">
                    <div className="break-words">{f.detail || t.title}</div>
                    {t.why && f.severity !== 'pass' && <div className="text-slate-600 dark:text-slate-400">{t.why}</div>}
                    {f.fix && <MessageFixView fix={f.fix} />}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section aria-labelledby="route-title">
        <h2 id="route-title" className="mb-2 text-lg font-semibold">Route</h2>
        <HopTimeline hops={analysis.hops} />
      </section>

      {headers && (
        <details className="text-xs">
          <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">Headers as pasted</summary>
          <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-50 p-3 whitespace-pre-wrap break-all dark:bg-slate-900">{headers}</pre>
        </details>
      )}
      {message && (
        <details className="text-xs">
          <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">Full message (stored at the sender&apos;s request)</summary>
          <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-50 p-3 whitespace-pre-wrap break-all dark:bg-slate-900">{message}</pre>
        </details>
      )}
    </div>
  );
}
