import type { ProviderVerdict, RowStatus } from '../providers/types';
import type { Deliverability } from '../report/deliverability';
import { formatScoreLine } from '../report/scoring';
import { statusTag } from './print';

const TAG: Record<RowStatus, 'pass' | 'fail' | 'error'> = { pass: 'pass', fail: 'fail', unknown: 'error' };
const MARK: Record<RowStatus, string> = { pass: '✔', fail: '✖', unknown: '?' };

function provider(p: ProviderVerdict, color: boolean): string[] {
  const head = `${statusTag(TAG[p.verdict], color).replace('ERROR', 'UNKNOWN')}  ${p.name} — ${p.met} of ${p.required} requirements met`;
  const lines = [head];
  for (const r of p.rows) {
    const note = r.required ? '' : r.applies === 'guidance' ? ' (guidance)' : ` (${r.applies} only)`;
    lines.push(`    ${MARK[r.status]} ${r.text}${note}`);
    if (r.status !== 'pass' && r.required) lines.push(`        ${r.detail}`);
    if (r.reply) lines.push(`        expect: ${r.reply}`);
  }
  return lines;
}

/** The score with what costs points, then one block per provider. */
export function formatDeliverability(d: Deliverability, color: boolean): string {
  const lines = ['', `Score ${d.score.value} / ${d.score.max}`];
  for (const l of d.score.lines) lines.push(`  ${formatScoreLine(l)}`);
  lines.push('', `Provider requirements for ${d.senders === 'bulk' ? 'bulk senders (5,000+ a day; --one-to-one for personal mail)' : 'one-to-one senders'}:`);
  for (const p of d.providers) lines.push(...provider(p, color));
  return lines.join('\n');
}
