import type { CheckContext } from '../checks/types';
import type { Envelope, MessageAnalysis } from './types';

export type { Envelope, MessageAnalysis } from './types';

export interface AnalyzeOptions {
  ctx: CheckContext;
  /** The real SMTP envelope when the message arrived at mxray's listener. */
  envelope?: Envelope;
}

/** Placeholder until lib/message lands. The signature is the contract the listener, CLI and API use. */
export async function analyzeMessage(_input: string | Buffer, opts: AnalyzeOptions): Promise<MessageAnalysis> {
  return { kind: 'analysis', status: 'info', receiver: { dkim: [] }, verified: { dkim: [] }, hops: [], findings: [], takenAt: opts.ctx.now.toISOString() };
}
