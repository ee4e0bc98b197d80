import type { DomainReport } from '@/lib/report/types';

/** The check page URL that repeats a domain check and links the new report to this one. */
export function runAgainHref(report: DomainReport, id: string): string {
  const q = new URLSearchParams({ domain: report.domainInput ?? report.domain });
  if (report.ip) q.set('ip', report.ip);
  if (report.selectors?.length) q.set('selectors', report.selectors.join(','));
  q.set('previous', id);
  return `/check?${q}`;
}
