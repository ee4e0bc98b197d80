/**
 * What crosses the thread boundary for one message analysis: plain, structured-cloneable data.
 * The worker builds its own check context (resolver, cache) from it; functions and sockets
 * cannot be sent to another thread.
 */
import type { DnsConfig } from '../dns/config';
import type { Envelope, Receipt } from '../message/types';

export interface AnalysisJob {
  input: string | Uint8Array;
  envelope?: Envelope;
  /** mxray's own receipt of an SMTP test message (plain data: IP, HELO, TLS, dialogue). */
  receipt?: Receipt;
  /** ISO time the analysis is "taken at" (the receipt time for SMTP mail). */
  now: string;
  /** Bypass cached DNS answers ("verify again with today's DNS"). */
  fresh?: boolean;
  /** The main thread's DNS settings (MXRAY_DNS_SERVERS etc.), so both threads ask the same servers. */
  dns: DnsConfig;
  /**
   * Shared with the main thread (a SharedArrayBuffer, not copied): the worker writes Date.now()
   * into it when it starts on this job, and the deadline runs from then (no message port to
   * create, transfer and close per message).
   */
  startedAt?: Float64Array;
}
