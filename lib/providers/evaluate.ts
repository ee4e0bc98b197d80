/**
 * Provider verdicts: the rows of lib/providers/rules.ts answered from the evidence. Pure: the
 * same stored report always gives the same verdicts, so they are computed when a report is read
 * (old reports get them too, and a rule change shows on every report without a migration).
 */
import type { MessageAnalysis } from '../message/types';
import type { DomainReport } from '../report/types';
import { combineEvidence, domainEvidence, messageEvidence } from './evidence';
import { PROVIDER_RULES, REQUIREMENT_TEXT } from './rules';
import type { EvidenceMap, ProviderId, ProviderRow, ProviderVerdict, SenderKind } from './types';

export function evaluateProviders(evidence: EvidenceMap, kind: SenderKind = 'bulk'): ProviderVerdict[] {
  return (Object.keys(PROVIDER_RULES) as ProviderId[]).map((provider) => {
    const { name, rules } = PROVIDER_RULES[provider];
    const rows: ProviderRow[] = rules.map((rule) => {
      const e = evidence[rule.requirement];
      const required = rule.applies === 'all' || (rule.applies === 'bulk' && kind === 'bulk');
      return {
        requirement: rule.requirement,
        text: REQUIREMENT_TEXT[rule.requirement],
        status: e.status,
        required,
        applies: rule.applies,
        from: e.from,
        detail: e.detail,
        source: rule.source,
        ...(e.status === 'fail' && rule.reply ? { reply: rule.reply } : {}),
      };
    });
    // Outlook.com requires nothing of one-to-one senders; its recommendations then decide the verdict.
    const counted = rows.some((r) => r.required) ? rows.filter((r) => r.required) : rows.filter((r) => r.applies !== 'guidance');
    const verdict = counted.some((r) => r.status === 'fail') ? 'fail' : counted.some((r) => r.status === 'unknown') ? 'unknown' : 'pass';
    return { provider, name, verdict, met: counted.filter((r) => r.status === 'pass').length, required: counted.length, rows };
  });
}

/** Verdicts for a domain report, a message analysis, or both (a domain with its test message). */
export function providerVerdicts(input: { domain?: Pick<DomainReport, 'ip' | 'checks'>; message?: MessageAnalysis; headers?: string }, kind: SenderKind = 'bulk'): ProviderVerdict[] {
  const d = input.domain ? domainEvidence(input.domain) : undefined;
  const m = input.message ? messageEvidence(input.message, input.headers) : undefined;
  return evaluateProviders(combineEvidence(d, m), kind);
}

/** "bulk" unless the caller asks for one-to-one; anything else is bulk (the stricter reading). */
export function senderKindOf(value: string | string[] | boolean | undefined | null): SenderKind {
  const v = Array.isArray(value) ? value[0] : value;
  return v === 'one-to-one' || v === false ? 'one-to-one' : 'bulk';
}
