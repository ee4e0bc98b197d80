import type { SpfData, SpfTreeNode } from '@/lib/checks/spf';

/** "7 of 10": the RFC 7208 §4.6.4 lookup budget as a bar, so how close to the limit shows at a glance. */
export function LookupMeter({ label, count, limit }: { label: string; count: number; limit: number }) {
  const over = count > limit;
  const near = !over && count >= limit - 1;
  const tone = over ? 'bg-red-600' : near ? 'bg-amber-500' : 'bg-emerald-600';
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="w-40 shrink-0">{label}</span>
      <span className="relative h-3 w-48 overflow-hidden rounded bg-slate-200 dark:bg-slate-700" aria-hidden="true">
        <span className={`absolute inset-y-0 left-0 ${tone}`} style={{ width: `${Math.min(100, (count / Math.max(1, limit)) * 100)}%` }} />
      </span>
      <span className={over ? 'font-semibold text-red-800 dark:text-red-300' : ''}>
        {count} of {limit}{over ? ' — over the limit: receivers return permerror' : near ? ' — close to the limit' : ''}
      </span>
    </div>
  );
}

function Node({ node }: { node: SpfTreeNode }) {
  const ev = node.evaluation;
  return (
    <li className="mt-2">
      <div className="flex flex-wrap items-baseline gap-x-2">
        {node.via !== 'root' && <span className="text-xs text-slate-500 dark:text-slate-400">{node.via}</span>}
        <span className="font-mono font-medium break-all">{node.domain}</span>
        <span className="text-xs text-slate-600 dark:text-slate-400" title="DNS-querying terms in this record / including everything below it">
          {node.lookups} lookup{node.lookups === 1 ? '' : 's'} here · {node.cumulativeLookups} with includes
          {node.cumulativeVoidLookups > 0 ? ` · ${node.cumulativeVoidLookups} void` : ''}
        </span>
        {ev && <span className="rounded bg-slate-100 px-1.5 text-xs font-semibold dark:bg-slate-800">{ev.result}{ev.matchedTerm !== undefined && node.terms[ev.matchedTerm] ? ` via ${node.terms[ev.matchedTerm]!.text}` : ''}</span>}
      </div>
      {node.record && <div className="font-mono text-xs break-all text-slate-700 dark:text-slate-300">{node.record}</div>}
      {node.error && <div className="text-xs font-medium text-red-800 dark:text-red-300"><span aria-hidden="true">✗ </span>{node.error.message}</div>}
      {node.children.length > 0 && (
        <ul className="ml-2 border-l border-slate-300 pl-4 dark:border-slate-700">
          {node.children.map((c, i) => <Node key={`${c.domain}-${i}`} node={c} />)}
        </ul>
      )}
    </li>
  );
}

/** The SPF include tree with per-node lookup counts against the limit of 10. */
export function SpfTree({ data }: { data: SpfData }) {
  return (
    <div className="mt-3 space-y-2 rounded bg-slate-50 p-3 dark:bg-slate-900">
      <LookupMeter label="DNS lookups (worst case)" count={data.lookups.count} limit={data.lookups.limit} />
      <LookupMeter label="Void lookups" count={data.voidLookups} limit={data.lookups.voidLimit} />
      {data.evaluated && <p className="text-xs text-slate-600 dark:text-slate-400">Evaluating the given IP used {data.evaluated.lookups} lookup{data.evaluated.lookups === 1 ? '' : 's'}.</p>}
      {data.reason && <p className="text-sm">{data.reason}</p>}
      <ul aria-label="SPF include tree" className="text-sm">
        <Node node={data.tree} />
      </ul>
    </div>
  );
}
