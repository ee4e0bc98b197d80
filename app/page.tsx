import { redirect } from 'next/navigation';
import { CheckForm } from '@/components/forms/check-form';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Home({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  // Old links put the check on the home page; the check now lives at /check.
  if (typeof sp.domain === 'string' && sp.domain) redirect(`/check?${new URLSearchParams(sp as Record<string, string>)}`);
  return (
    <div className="space-y-10">
      {sp.deleted === '1' && <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100">The report was deleted.</p>}
      <section aria-labelledby="check-title" className="space-y-3">
        <h1 id="check-title" className="text-2xl font-bold">Check a sending domain</h1>
        <p className="text-slate-700 dark:text-slate-300">SPF, DKIM, DMARC, MX, reverse DNS of your server, and blocklists — with the exact record to publish.</p>
        <CheckForm />
      </section>
      <div className="grid gap-4 sm:grid-cols-2">
        <section aria-labelledby="setup-title" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h2 id="setup-title" className="font-semibold">Setting up a mail server?</h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Keep the live checklist open while you change DNS: each step turns green as soon as the change is visible.</p>
          <a href="/setup" className="mt-3 inline-block font-medium underline">Open the setup checklist</a>
        </section>
        <section aria-labelledby="analyze-title" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h2 id="analyze-title" className="font-semibold">Mail landing in spam?</h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Paste the message source (Gmail: Show original) to see SPF, DKIM and DMARC verdicts and the route it took.</p>
          <a href="/analyze" className="mt-3 inline-block font-medium underline">Analyse a message</a>
        </section>
      </div>
    </div>
  );
}
