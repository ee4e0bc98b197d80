import type { CheckId, CheckResult, Finding, RecordView } from '../types';
import { statusFromFindings } from '../types';
import type { SweepResult, ZoneListing } from './types';

function listingFinding(l: ZoneListing): Finding | undefined {
  const data = { zone: l.zone, codes: l.codes, delist: l.delist, query: l.query };
  const where = `${l.name} (${l.zone})`;
  switch (l.status) {
    case 'listed':
      if (l.effect === 'allow') return { code: 'dnsbl.allowlisted', severity: 'pass', detail: `${where}: ${l.meaning}`, data };
      if (l.effect === 'neutral') return { code: 'dnsbl.neutral', severity: 'info', detail: `${where}: ${l.meaning}`, data };
      if (l.scope === 'range' || l.scope === 'network') {
        return { code: 'dnsbl.listed-range', severity: 'warn', detail: `${where}: ${l.meaning} ${l.delist ? `See ${l.delist}` : ''}`.trim(), data };
      }
      return { code: 'dnsbl.listed', severity: 'fail', detail: `Listed on ${where}: ${l.meaning}${l.delist ? ` Delisting: ${l.delist}` : ''}`, data };
    case 'refused':
      return { code: 'dnsbl.refused', severity: 'warn', detail: `${where}: ${l.meaning}`, data };
    case 'timeout':
      return { code: 'dnsbl.timeout', severity: 'info', detail: `${where}: no answer within ${l.ms} ms.`, data };
    case 'error':
      if (l.testPoints?.notListed?.verdict === 'bad') return { code: 'dnsbl.zone-broken', severity: 'warn', detail: `${where}: ${l.meaning}`, data };
      return { code: 'dnsbl.zone-error', severity: 'info', detail: `${where}: ${l.meaning}`, data };
    case 'clean':
      if (l.testPoints?.listed?.verdict === 'bad') {
        return { code: 'dnsbl.test-point-missing', severity: 'info', detail: `${where} does not list its test entry ${l.testPoints.listed.name}; its "not listed" may mean nothing.`, data };
      }
      return undefined;
  }
}

/** Turn a sweep into the common check envelope: findings per listing, a one-line summary. */
export function sweepToCheck(id: CheckId, title: string, sweep: SweepResult, extra: Finding[] = []): CheckResult<SweepResult> {
  const findings: Finding[] = [...extra];
  for (const l of sweep.listings) {
    const f = listingFinding(l);
    if (f) findings.push(f);
  }
  const by = (s: ZoneListing['status']) => sweep.listings.filter((l) => l.status === s);
  const blocking = sweep.listings.filter((l) => l.status === 'listed' && l.effect === 'block');
  const bad = blocking.filter((l) => l.scope !== 'range' && l.scope !== 'network');
  const neighbours = blocking.filter((l) => !bad.includes(l));
  const answered = sweep.listings.filter((l) => l.status === 'listed' || l.status === 'clean');
  const total = sweep.listings.length;
  if (total > 0 && answered.length === 0) {
    findings.push({ code: 'dnsbl.all-untested', severity: 'error', detail: `None of the ${total} lists gave a usable answer for ${sweep.target}.` });
  } else if (bad.length === 0) {
    findings.push({ code: 'dnsbl.clean', severity: 'pass', detail: `${sweep.target} is not on any of the ${answered.length} blocklists that answered.` });
  }
  const parts = [bad.length ? `listed on ${bad.length} (${bad.map((l) => l.name).join(', ')})` : `not listed on any of ${answered.length} answering lists`];
  if (neighbours.length) parts.push(`range or network listed on ${neighbours.map((l) => l.name).join(', ')}`);
  const allow = sweep.listings.filter((l) => l.effect === 'allow');
  if (allow.length) parts.push(`allowlisted on ${allow.map((l) => l.name).join(', ')}`);
  for (const [s, word] of [['refused', 'refused'], ['timeout', 'timed out'], ['error', 'failed']] as const) {
    const n = by(s).length;
    if (n) parts.push(`${n} ${word}`);
  }
  const records: RecordView[] = sweep.listings.map((l) => ({ name: l.query, type: 'A', value: l.codes.length ? l.codes.join(', ') : l.outcome }));
  const summary = `${sweep.target}: ${parts.join('; ')} (${total} lists, ${sweep.ms} ms).`;
  return { id, status: statusFromFindings(findings), title, summary, findings, records, data: sweep };
}

export function configErrorCheck(id: CheckId, title: string, message: string): CheckResult {
  return {
    id,
    status: 'error',
    title,
    summary: `Blocklists were not checked: ${message}`,
    findings: [{ code: 'dnsbl.config-error', severity: 'error', detail: message }],
    records: [],
  };
}
