/**
 * Every suggested record is proven before it is shown: the check runs again with the fix's records
 * overlaid on the same DNS answers (a what-if run), and the fix is kept only when the findings it
 * aims at are gone and nothing fails. Otherwise the records are withheld and the fix says what
 * could not be fixed and why.
 */
import { OverlayResolver } from '../dns/overlay';
import { runCheck } from '../checks/run';
import type { CheckContext, CheckId, CheckResult, Fix, FixProof } from '../checks/types';

/** A record value with a placeholder for the user to fill in (a DKIM key): a template, not provable. */
const PLACEHOLDER = /<[^>]+>/;

/** Records the what-if run can publish: the zone's and the hosting panel's (PTR), not relay settings. */
export function provableRecords(fix: Fix): Fix['records'] {
  const where = fix.where ?? 'dns';
  if (where !== 'dns' && where !== 'hosting-panel') return [];
  // A template cannot be published as it stands, so the fix it belongs to cannot be proven.
  return fix.records.some((r) => PLACEHOLDER.test(r.value)) ? [] : fix.records;
}

/**
 * The codes a fix must clear: those of the check's worst severity (the failures when it fails, the
 * warnings when it only warns), or, for an optional record that is simply absent (info), the notes.
 */
function targets(result: CheckResult): Set<string> {
  const worst = (['fail', 'warn', 'info'] as const).find((s) => result.findings.some((f) => f.severity === s));
  return new Set(result.findings.filter((f) => f.severity === worst).map((f) => f.code));
}

export function judgeProof(before: CheckResult, after: CheckResult): FixProof {
  const aims = targets(before);
  const left = after.findings.filter((f) => (aims.has(f.code) && f.severity !== 'pass') || f.severity === 'fail');
  const remaining = [...new Set(left.map((f) => f.code))];
  const proof: FixProof = { resolved: remaining.length === 0 && after.status !== 'error', before: before.status, after: after.status, remaining };
  if (!proof.resolved) {
    proof.reason = after.status === 'error'
      ? `mxray could not test the suggested record${left.length ? `: ${left[0]!.detail}` : ''}.`
      : `With the suggested record${before.fix && before.fix.records.length > 1 ? 's' : ''} published, this would still be wrong: ${left.map((f) => f.detail).join(' ')}`;
  }
  return proof;
}

/** The check's result with its fix proven (or withheld with the reason); untouched when there is nothing to prove. */
export async function proveFix<D>(result: CheckResult<D>, ctx: CheckContext, rerun: (ctx: CheckContext) => Promise<CheckResult<D>>): Promise<CheckResult<D>> {
  const fix = result.fix;
  if (!fix || fix.proof) return result;
  const records = provableRecords(fix);
  if (records.length === 0) return result;
  const files = new Map((fix.files ?? []).map((f) => [f.url, f.content]));
  const whatIf: CheckContext = { ...ctx, dns: new OverlayResolver(ctx.dns, records), ...(files.size ? { whatIf: { files } } : {}) };
  const after = await runCheck(result.id as CheckId, result.title, whatIf, rerun);
  const proof = judgeProof(result, after);
  if (proof.resolved) return { ...result, fix: { ...fix, proof } };
  return {
    ...result,
    fix: { summary: `mxray could not find a record that fixes this. ${proof.reason}`, records: [], ...(fix.where ? { where: fix.where } : {}), ...(fix.notes ? { notes: fix.notes } : {}), proof },
  };
}
