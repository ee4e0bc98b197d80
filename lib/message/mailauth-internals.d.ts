// Types for the parts of mailauth 4.13 that lib/message/verify.ts reaches below the public API
// (the DKIM verifier class, to verify header signatures of a paste without a body).
declare module 'mailauth/lib/dkim/dkim-verifier.js' {
  import { Writable } from 'node:stream';
  export class DkimVerifier extends Writable {
    constructor(options?: { resolver?: unknown; minBitLength?: number; curTime?: Date; sender?: string });
    results: Array<Record<string, unknown>>;
    headerFrom: string[];
    envelopeFrom: string | false;
    arc: { chain: unknown; lastEntry?: unknown; error?: unknown };
    signatureHeaders: Array<{ skip?: boolean; bodyHashKey?: string; type?: string; parsed?: { bh?: { value?: string } } }>;
    bodyHashes: Map<string, unknown>;
    messageHeaders(headers: unknown): Promise<void>;
  }
}
declare module 'mailauth/lib/tools.js' {
  export function writeToStream(stream: NodeJS.WritableStream, input: Buffer | string, chunkSize?: number): Promise<void>;
}
