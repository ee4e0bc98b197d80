/**
 * What crosses the thread boundary for one message analysis: plain, structured-cloneable data.
 * The worker builds its own check context (resolver, cache) from it; functions and sockets
 * cannot be sent to another thread.
 */
import type { MessagePort } from 'node:worker_threads';
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
  /** The worker posts one message here when it starts on this job: the deadline runs from then. */
  started?: MessagePort;
}
