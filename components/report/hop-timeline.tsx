import type { Hop } from '@/lib/message/types';

function seconds(s: number): string {
  if (s < 0) return `${s} s (clock skew)`;
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * The route a message took, hop by hop, with the delay each hop added drawn as a bar: a slow hop
 * (greylisting, a queue) stands out at a glance.
 */
export function HopTimeline({ hops }: { hops: Hop[] }) {
  if (hops.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No Received headers: the route is unknown.</p>;
  const max = Math.max(1, ...hops.map((h) => Math.max(0, h.delaySeconds ?? 0)));
  const total = hops.reduce((a, h) => a + Math.max(0, h.delaySeconds ?? 0), 0);
  return (
    <div>
      <ol className="relative space-y-3 border-l-2 border-slate-200 pl-5 dark:border-slate-700">
        {hops.map((h, i) => {
          const d = h.delaySeconds;
          const slow = (d ?? 0) >= 60;
          return (
            <li key={i} className="relative">
              <span aria-hidden="true" className={`absolute top-1.5 -left-[27px] h-3 w-3 rounded-full border-2 border-white dark:border-slate-950 ${slow ? 'bg-amber-500' : 'bg-sky-500'}`} />
              <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span className="font-medium">{i + 1}.</span>
                <span className="font-mono break-all">{h.from ?? 'unknown'}{h.ip ? ` [${h.ip}]` : ''}</span>
                <span className="text-slate-500 dark:text-slate-400">→</span>
                <span className="font-mono break-all">{h.by ?? 'unknown'}</span>
                {h.boundary && <span className="rounded border border-sky-600 px-1.5 text-xs font-semibold text-sky-800 dark:text-sky-300">entered the receiver here</span>}
              </div>
              <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-600 dark:text-slate-400">
                {h.rdns && <span>reverse DNS {h.rdns}</span>}
                {h.with && <span>with {h.with}</span>}
                {h.tls && <span>TLS {h.tls}</span>}
                {h.at && <span>{h.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</span>}
              </div>
              {h.warnings?.map((w, j) => <div key={j} className="text-xs text-amber-800 dark:text-amber-300"><span aria-hidden="true">! </span>{w}</div>)}
              {typeof d === 'number' && (
                <div className="mt-1 flex items-center gap-2 text-xs">
                  <span className="h-2 rounded bg-slate-100 dark:bg-slate-800" style={{ width: '12rem' }}>
                    <span className={`block h-2 rounded ${slow ? 'bg-amber-500' : 'bg-sky-500'}`} style={{ width: `${Math.max(2, (Math.max(0, d) / max) * 100)}%` }} />
                  </span>
                  <span className={slow ? 'font-semibold text-amber-800 dark:text-amber-300' : ''}>{i === 0 ? 'first hop' : `+${seconds(d)}`}{slow ? ' — slow' : ''}</span>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{hops.length} hop{hops.length === 1 ? '' : 's'}, {seconds(total)} in transit.</p>
    </div>
  );
}
