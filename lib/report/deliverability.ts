/**
 * Score and provider verdicts of a stored report, computed when the report is read rather than
 * stored with it: both are pure functions of the report, so old reports get them too and a rule or
 * weight change shows on every report at once. Used by the report page, the CLI and the API.
 */
import type { ContentState } from '../content/types';
import type { MessageAnalysis } from '../message/types';
import { providerVerdicts } from '../providers/evaluate';
import type { ProviderVerdict, SenderKind } from '../providers/types';
import { scoreDomainReport, scoreMessage, type Score } from './scoring';
import type { DomainReport } from './types';

export interface Deliverability {
  score: Score;
  providers: ProviderVerdict[];
  senders: SenderKind;
}

export type DeliverabilityInput = { domain: DomainReport } | { message: MessageAnalysis; headers?: string; content?: ContentState };

export function deliverabilityOf(input: DeliverabilityInput, senders: SenderKind = 'bulk'): Deliverability {
  if ('domain' in input) return { score: scoreDomainReport(input.domain), providers: providerVerdicts({ domain: input.domain }, senders), senders };
  const contentFindings = input.content?.state === 'done' ? input.content.findings : [];
  return { score: scoreMessage(input.message, contentFindings, senders), providers: providerVerdicts({ message: input.message, headers: input.headers }, senders), senders };
}
