import { analysisOf } from '../checklist/run';
import type { ContentState } from '../content/types';
import type { SenderKind } from '../providers/types';
import { deliverabilityOf, type Deliverability } from '../report/deliverability';
import type { DomainReport } from '../report/types';

/**
 * Score and provider verdicts of a stored payload (a domain check, a paste or a received test
 * message), computed on read so reports stored before they existed get them too.
 */
export function storedDeliverability(kind: string, payload: unknown, senders: SenderKind): Pick<Deliverability, 'score' | 'providers'> | undefined {
  if (kind === 'check' && payload && typeof payload === 'object' && Array.isArray((payload as DomainReport).checks)) {
    const { score, providers } = deliverabilityOf({ domain: payload as DomainReport }, senders);
    return { score, providers };
  }
  const analysis = analysisOf(payload);
  if (!analysis) return undefined;
  const { headers, content } = payload as { headers?: unknown; content?: ContentState };
  const { score, providers } = deliverabilityOf({ message: analysis, headers: typeof headers === 'string' ? headers : undefined, content }, senders);
  return { score, providers };
}
