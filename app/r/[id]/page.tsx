import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { AnalysisView } from '@/components/report/analysis-view';
import { DeleteForm } from '@/components/report/delete-form';
import { DeliverabilityView } from '@/components/report/deliverability-view';
import { DiffView } from '@/components/report/diff-view';
import { DomainDetails, DomainSummary } from '@/components/report/domain-report-view';
import { ReportHeader } from '@/components/report/report-header';
import { ReverifyForm } from '@/components/report/reverify-form';
import { VerdictDiffView } from '@/components/report/verdict-diff-view';
import type { AnalysisPayload } from '@/lib/api/create-report';
import { analysisOf } from '@/lib/checklist/run';
import { publicOrigin } from '@/lib/api/origin';
import { getReport } from '@/lib/db/reports';
import { diffReports } from '@/lib/report/diff';
import { deliverabilityOf } from '@/lib/report/deliverability';
import { senderKindOf } from '@/lib/providers/evaluate';
import type { Reverification } from '@/lib/api/reverify';
import { diffVerdicts } from '@/lib/message/verdict-diff';
import type { DomainReport } from '@/lib/report/types';
import { ownerTokenFromCookie } from '../../_server/owner';
import { deleteReportAction, reverifyAction } from './actions';
import { publicReport } from '@/lib/report/public-view';
import { runAgainHref } from './run-again';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Report', robots: { index: false, follow: false } };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function origin(): Promise<string> {
  return publicOrigin(await headers(), 'http://localhost');
}

export default async function ReportPage({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  const found = await getReport<unknown>(id);
  if (!found) notFound();
  // What a link holder may see: test-address tokens masked (lib/report/public-view.ts).
  const stored = publicReport(found);
  const expiry = { expiresAt: stored.expiresAt?.toISOString() ?? null, bodyExpiresAt: stored.bodyExpiresAt?.toISOString() ?? null };
  const url = `${await origin()}/r/${stored.id}`;
  const owner = await ownerTokenFromCookie();
  const deleteForm = owner ? <DeleteForm id={stored.id} action={deleteReportAction} /> : undefined;
  const forbidden = sp.delete === 'forbidden' && (
    <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">Only the browser that created this report can delete it.</p>
  );

  if (stored.kind === 'check') {
    const report = stored.payload as DomainReport;
    const prev = stored.previousId ? await getReport<DomainReport>(stored.previousId) : null;
    const diff = prev && prev.kind === 'check' ? diffReports(prev.payload, report) : null;
    return (
      <article className="space-y-6">
        <ReportHeader
          title={<>Domain check: <span className="font-mono">{report.domain}</span>{report.ip ? <> from <span className="font-mono">{report.ip}</span></> : null}</>}
          takenAt={report.takenAt}
          url={url}
          runAgainHref={runAgainHref(report, stored.id)}
          deleteForm={deleteForm}
          {...expiry}
        />
        {forbidden}
        {report.domainInput && <p className="text-sm">You typed <span className="font-mono">{report.domainInput}</span>; DNS uses its punycode form.</p>}
        <DomainSummary report={report} />
        <DeliverabilityView view={deliverabilityOf({ domain: report }, senderKindOf(sp.senders))} />
        {diff && prev && <DiffView diff={diff} previousHref={`/r/${prev.id}`} />}
        <DomainDetails report={report} />
      </article>
    );
  }

  const analysis = analysisOf(stored.payload);
  if (!analysis) notFound();
  const payload = stored.payload as Partial<AnalysisPayload> & { reverified?: Reverification };
  const prevFound = stored.previousId && payload.reverified ? await getReport<unknown>(stored.previousId) : null;
  const prev = prevFound ? publicReport(prevFound) : null;
  const prevAnalysis = prev ? analysisOf(prev.payload) : null;
  const busy = sp.reverify === 'busy' && (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">Too many verifications from your address; try again in {Number.isInteger(Number(sp.retry)) ? Number(sp.retry) : 'a few'} s.</p>
  );
  return (
    <article className="space-y-6">
      <ReportHeader
        title={stored.kind === 'inbound' ? 'Test message received' : 'Message analysis'}
        takenAt={analysis.takenAt || stored.createdAt.toISOString()}
        url={url}
        runAgainForm={<ReverifyForm id={stored.id} action={reverifyAction} />}
        deleteForm={deleteForm}
        {...expiry}
      />
      {forbidden}
      {busy}
      {payload.bodyNotStored && <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">{payload.bodyNotStored}</p>}
      {prev && prevAnalysis && payload.reverified && (
        <VerdictDiffView changes={diffVerdicts(prevAnalysis, analysis)} previousHref={`/r/${prev.id}`} headersOnly={payload.reverified.headersOnly} />
      )}
      <DeliverabilityView view={deliverabilityOf({ message: analysis, headers: typeof payload.headers === 'string' ? payload.headers : undefined, content: payload.content }, senderKindOf(sp.senders))} content={payload.content} />
      <AnalysisView analysis={analysis} headers={typeof payload.headers === 'string' ? payload.headers : undefined} message={typeof payload.message === 'string' ? payload.message : undefined} />
    </article>
  );
}
