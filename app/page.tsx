import { CheckCard } from '@/components/report/check-card';
import { StatusBadge } from '@/components/ui/status-badge';
import { InputError, runDomainCheck } from '@/lib/report/domain-check';
import type { DomainReport } from '@/lib/report/types';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export default async function Home({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const domain = one(sp.domain).slice(0, 300);
  const ip = one(sp.ip).slice(0, 100);
  const selectors = one(sp.selectors).slice(0, 500);
  let report: DomainReport | undefined;
  let error: string | undefined;
  if (domain) {
    try {
      report = await runDomainCheck({ domain, ip: ip || undefined, selectors: selectors.split(/[\s,]+/).filter(Boolean) });
    } catch (e) {
      error = e instanceof InputError ? e.message : `The check could not run: ${(e as Error).message}`;
    }
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Check a sending domain</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">SPF, DKIM, DMARC, MX, reverse DNS of your server, and blocklists — with the exact record to publish.</p>
      </div>
      <form method="get" className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
        <label className="grid gap-1 text-sm">
          <span>Domain</span>
          <input name="domain" defaultValue={domain} required placeholder="example.com" className="rounded border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900" />
        </label>
        <label className="grid gap-1 text-sm">
          <span>Server IP (optional)</span>
          <input name="ip" defaultValue={ip} placeholder="203.0.113.7" className="rounded border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900" />
        </label>
        <label className="grid gap-1 text-sm">
          <span>DKIM selectors (optional)</span>
          <input name="selectors" defaultValue={selectors} placeholder="mail" className="rounded border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900" />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-4 py-2 font-medium text-white dark:bg-slate-100 dark:text-slate-900">Check</button>
      </form>
      {error && <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">{error}</p>}
      {report && (
        <div className="space-y-4">
          <div className="flex items-center gap-3">
            <StatusBadge status={report.status} />
            <span className="font-medium">{report.domain}{report.domainInput ? ` (punycode of ${report.domainInput})` : ''}{report.ip ? ` from ${report.ip}` : ''}</span>
            <span className="text-sm text-slate-500">{report.dns.queries} DNS queries, {report.ms} ms</span>
          </div>
          {report.checks.map((c) => <CheckCard key={c.id} check={c} />)}
        </div>
      )}
    </div>
  );
}
