import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { Suspense } from 'react';
import { ChecklistLive } from '@/components/checklist/checklist-live';
import { CheckRowSkeleton } from '@/components/report/check-row';
import { ConfirmRun } from '@/components/forms/confirm-run';
import { CONFIRM_HEADER } from '@/lib/api/user-initiated';
import { runChecklist } from '@/lib/checklist/run';
import { CHECKLIST, DEFAULT_SELECTOR } from '@/lib/checklist/items';
import { InputError } from '@/lib/report/domain-check';
import { clientId } from '@/lib/api/client-id';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Setup checklist', robots: { index: false } };

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').trim();

/** Re-check interval of the live checklist (ms); tests shorten it. */
function refreshMs(): number {
  const n = Number(process.env.MXRAY_CHECKLIST_REFRESH_MS);
  return Number.isFinite(n) && n >= 1000 ? n : 15_000;
}

async function Live({ domain, ip, selector, token }: { domain: string; ip?: string; selector?: string; token?: string }) {
  try {
    const status = await runChecklist({ domain, ip, selector, token, clientId: clientId(await headers()) });
    return <ChecklistLive initial={{ ...status, checkedAt: new Date().toISOString() }} query={{ domain, ip, selector, token }} refreshMs={refreshMs()} />;
  } catch (e) {
    if (e instanceof InputError) {
      return <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">{e.message} <a className="underline" href="/setup">Start again</a></p>;
    }
    throw e;
  }
}

export default async function SetupDomainPage({ params, searchParams }: Props) {
  const domain = decodeURIComponent((await params).domain).slice(0, 300);
  const sp = await searchParams;
  const ip = one(sp.ip).slice(0, 100) || undefined;
  const selector = one(sp.selector).slice(0, 100) || undefined;
  const token = one(sp.token).slice(0, 100) || undefined;
  if ((await headers()).get(CONFIRM_HEADER) === '1') {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold break-words">Setting up <span className="font-mono">{domain}</span></h1>
        <ConfirmRun action={`/setup/${encodeURIComponent(domain)}`} fields={{ ip, selector, token }}>Run the setup checklist for <span className="font-mono">{domain}</span>?</ConfirmRun>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold break-words">Setting up <span className="font-mono">{domain}</span></h1>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          {ip ? <>Server <span className="font-mono">{ip}</span> · </> : <>No server IP given (<a className="underline" href="/setup">add it</a> to check blocklists and reverse DNS) · </>}
          DKIM selector <span className="font-mono">{selector ?? DEFAULT_SELECTOR}</span>. This page re-checks by itself; bookmark or share it to keep your progress.
        </p>
      </div>
      <Suspense
        fallback={
          <ol aria-busy="true" className="divide-y divide-slate-100 dark:divide-slate-800">
            {CHECKLIST.map((d) => <li key={d.id}><CheckRowSkeleton title={d.title} /></li>)}
          </ol>
        }
      >
        <Live domain={domain} ip={ip} selector={selector} token={token} />
      </Suspense>
    </div>
  );
}
