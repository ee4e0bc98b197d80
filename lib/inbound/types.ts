import type { ContentState } from '../content/types';
import type { Envelope, MessageAnalysis } from '../message/types';

/** The SMTP envelope exactly as the sending MTA presented it to mxray's listener. */
export interface InboundEnvelope extends Envelope {
  /** The connecting IP (what SPF is judged on, RFC 7208 §2.4). */
  ip: string;
  /** The HELO/EHLO name (RFC 7208 §2.3 checks it too). */
  helo: string;
  /** MAIL FROM; "" for the null reverse-path <> of bounces. */
  mailFrom: string;
  rcptTo: string[];
  /** Whether the sender used STARTTLS. */
  tls: boolean;
}

/** How the forwarded original was found when the message carried one (see forwarded.ts). */
export interface ForwardInfo {
  attachedAs: 'message/rfc822' | 'eml-file';
  filename?: string;
  /** The user's forward that carried it. */
  wrapper: { subject?: string; from?: string };
}

/**
 * The payload of a stored report of kind "inbound". Bodies are not kept: `headers` is the header
 * section of the analysed message, and `raw` the whole analysed message only when it is small
 * (RAW_KEEP_BYTES) and valid UTF-8 — enough to show "view source" and re-run an analysis of a
 * typical test message, without turning the database into a mail store.
 */
export interface InboundPayload {
  analysis: MessageAnalysis;
  envelope: InboundEnvelope;
  /** ISO time the message was received (end of DATA). */
  receivedAt: string;
  /** The test address token the message was sent to (the first, if several). */
  token: string;
  /** Bytes received in DATA. */
  size: number;
  /**
   * Set when the message was a forward-as-attachment: the analysis is of the attached original,
   * and SPF of the original comes from its own headers, not from this envelope (the envelope is
   * the forward's).
   */
  forwarded?: ForwardInfo;
  headers: string;
  raw?: string;
  /** Content checks: "pending" when stored (before the 250), completed by lib/inbound/content-jobs.ts. */
  content?: ContentState;
}

export const RAW_KEEP_BYTES = 64 * 1024;
export const HEADERS_KEEP_BYTES = 64 * 1024;
