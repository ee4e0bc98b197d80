import type { CheckResult, CheckStatus } from '../checks/types';
import { describeFinding } from '../findings/catalog';

const MARK: Record<CheckStatus, string> = { pass: '✔', info: 'ℹ', warn: '▲', fail: '✖', error: '?' };
const COLOR: Record<CheckStatus, string> = { pass: '32', info: '36', warn: '33', fail: '31', error: '35' };

export function statusTag(status: CheckStatus, color: boolean): string {
  const t = `${MARK[status]} ${status.toUpperCase()}`;
  return color ? `\x1b[${COLOR[status]}m${t}\x1b[0m` : t;
}

/** A check as a few readable lines: status, summary, findings, and the record to publish. */
export function formatCheck(c: CheckResult, color: boolean): string {
  const lines = [`${statusTag(c.status, color)}  ${c.title} — ${c.summary}`];
  for (const f of c.findings) {
    if (f.severity === 'pass' && c.status === 'pass') continue;
    const text = describeFinding(f.code);
    lines.push(`    ${MARK[f.severity]} ${f.detail || text.title}`);
    if (text.fix && f.severity !== 'pass' && f.severity !== 'info') lines.push(`      fix: ${text.fix}`);
  }
  if (c.fix) {
    lines.push(`    → ${c.fix.where ? `[${c.fix.where}] ` : ''}${c.fix.summary}`);
    for (const s of c.fix.steps ?? []) lines.push(`      - ${s}`);
    for (const r of c.fix.records) {
      // A TXT value over 255 bytes must be published as several strings (RFC 7208 §3.3): show them.
      const value = r.strings && r.strings.length > 1 ? r.strings.map((x) => JSON.stringify(x)).join(' ') : r.value;
      lines.push(`      ${r.name}  ${r.type}  ${value}`);
    }
    for (const n of c.fix.notes ?? []) lines.push(`      note: ${n}`);
    if (c.fix.proof?.resolved) lines.push('      (checked: with this published, the check no longer fails)');
  }
  return lines.join('\n');
}

/** Exit code policy: 1 when anything fails, 0 otherwise ("could not test" is not a failure). */
export function exitCodeFor(statuses: CheckStatus[]): number {
  return statuses.includes('fail') ? 1 : 0;
}
