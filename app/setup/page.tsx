import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { buttonClass, inputClass } from '@/components/forms/styles';
import { CHECKLIST, DEFAULT_SELECTOR } from '@/lib/checklist/items';

export const metadata: Metadata = { title: 'Setup checklist' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').trim();

export default async function SetupPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const domain = one(sp.domain).slice(0, 300);
  if (domain) {
    // The per-domain checklist lives at /setup/<domain>: a link to share, progress in the URL.
    const q = new URLSearchParams();
    for (const k of ['ip', 'selector', 'token'] as const) if (one(sp[k])) q.set(k, one(sp[k]).slice(0, 200));
    redirect(`/setup/${encodeURIComponent(domain.toLowerCase())}${q.size ? `?${q}` : ''}`);
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Setup checklist</h1>
        <p className="mt-1 text-slate-700 dark:text-slate-300">The steps a self-hosting guide walks you through, each checked live. Keep this tab open while you change DNS.</p>
      </div>
      <form method="get" action="/setup" className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
        <label className="grid gap-1 text-sm">
          <span>Your mail domain</span>
          <input name="domain" required maxLength={300} placeholder="example.com" autoComplete="off" spellCheck={false} className={inputClass} />
        </label>
        <label className="grid gap-1 text-sm">
          <span>Server public IP</span>
          <input name="ip" maxLength={100} placeholder="203.0.113.7" autoComplete="off" spellCheck={false} className={inputClass} />
        </label>
        <label className="grid gap-1 text-sm">
          <span>DKIM selector</span>
          <input name="selector" maxLength={100} placeholder={DEFAULT_SELECTOR} autoComplete="off" spellCheck={false} className={inputClass} />
        </label>
        <button type="submit" className={buttonClass}>Start</button>
      </form>
      <ol className="list-decimal space-y-1 pl-6 text-sm text-slate-700 dark:text-slate-300">
        {CHECKLIST.map((d) => <li key={d.id}>{d.title}</li>)}
      </ol>
    </div>
  );
}
