'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import useSWR from 'swr';
import type { ChecklistStatus } from '@/lib/checklist/evaluate';
import { secondaryButtonClass } from '../forms/styles';
import { ChecklistItem } from './checklist-item';
import { ProviderSummary } from './provider-summary';
import { TestAddressStep } from './test-address-step';

export interface ChecklistQueryView {
  domain: string;
  ip?: string;
  selector?: string;
  token?: string;
}

type Live = ChecklistStatus & { checkedAt: string };

async function fetchJson(url: string): Promise<Live> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = (await res.json()) as Live & { error?: { message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body;
}

function keyFor(q: ChecklistQueryView, fresh = false): string {
  const p = new URLSearchParams({ domain: q.domain });
  if (q.ip) p.set('ip', q.ip);
  if (q.selector) p.set('selector', q.selector);
  if (q.token) p.set('token', q.token);
  if (fresh) p.set('fresh', '1');
  return `/api/checklist?${p}`;
}

/**
 * The live checklist: SWR re-checks every `refreshMs` (faster for a minute after "re-check now"),
 * announces items that change state, and keeps the test-address token in the URL so a reload or a
 * shared link shows the same progress.
 */
export function ChecklistLive({ initial, query, refreshMs }: { initial: Live; query: ChecklistQueryView; refreshMs: number }) {
  const [token, setToken] = useState(query.token);
  const [fastUntil, setFastUntil] = useState(0);
  const [rechecking, setRechecking] = useState(false);
  const [announce, setAnnounce] = useState('');
  const q = { ...query, token };
  const { data, error, mutate } = useSWR<Live>(keyFor(q), fetchJson, {
    fallbackData: initial,
    refreshInterval: () => (Date.now() < fastUntil ? Math.min(refreshMs, 5000) : refreshMs),
    revalidateOnFocus: true,
    revalidateOnMount: false,
    keepPreviousData: true,
  });
  const status = data ?? initial;

  const before = useRef(new Map(initial.items.map((i) => [i.id, i.state])));
  useEffect(() => {
    const changed = status.items.filter((i) => before.current.get(i.id) !== i.state);
    if (changed.length) setAnnounce(changed.map((i) => `${i.title}: ${i.state === 'done' ? 'done' : i.summary}`).join('. '));
    before.current = new Map(status.items.map((i) => [i.id, i.state]));
  }, [status]);

  const recheck = useCallback(async () => {
    setRechecking(true);
    setFastUntil(Date.now() + 60_000);
    try {
      await mutate(fetchJson(keyFor(q, true)), { revalidate: false });
    } finally {
      setRechecking(false);
    }
  }, [mutate, q]);

  const onToken = useCallback((t: string) => {
    setToken(t);
    const url = new URL(window.location.href);
    url.searchParams.set('token', t);
    window.history.replaceState(null, '', url);
  }, []);

  return (
    <div>
      <div className="sticky top-0 z-10 flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white/95 py-3 dark:border-slate-800 dark:bg-slate-950/95">
        <p className="font-medium"><span data-testid="progress">{status.done}</span> of {status.total} done</p>
        <progress className="h-2 w-40 accent-emerald-600" max={status.total} value={status.done} aria-label="Setup progress" />
        <button type="button" onClick={recheck} disabled={rechecking} className={secondaryButtonClass}>{rechecking ? 'Re-checking…' : 'Re-check now'}</button>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          Checked <time dateTime={status.checkedAt}>{new Date(status.checkedAt).toISOString().slice(11, 19)} UTC</time>; re-checks every {Math.round(refreshMs / 1000)} s{error ? ` · last attempt failed: ${(error as Error).message}` : ''}
        </span>
      </div>
      {status.next && (
        <p className={`mt-3 rounded-lg border p-3 text-sm ${status.next.state === 'done' ? 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-100' : 'border-slate-200 dark:border-slate-800'}`} data-testid="checklist-next">
          <span className="font-semibold">{status.next.state === 'done' ? status.next.title : `Next: ${status.next.title}`}</span> — <span className="break-words">{status.next.text}</span>
        </p>
      )}
      {status.providers && <ProviderSummary providers={status.providers} />}
      <p className="sr-only" aria-live="polite">{announce}</p>
      <ol className="divide-y divide-slate-100 dark:divide-slate-800">
        {status.items.map((item, i) => (
          <ChecklistItem key={item.id} item={item} index={i}>
            {item.id === 'test-message' && item.state !== 'done' && (
              <TestAddressStep domain={status.domain} token={token} address={item.address} onToken={onToken} onReceived={() => mutate()} />
            )}
          </ChecklistItem>
        ))}
      </ol>
    </div>
  );
}
