import { decodeEncodedWords, decodeTransferEncoding, headerField, multipartParts, parseContentType, splitHeaderBody } from './mime';

/**
 * Users often cannot send a fresh test message from the system they want to diagnose, but can
 * forward one it delivered: "forward as attachment" wraps the received original, unchanged, in a
 * message/rfc822 part (RFC 2046 §5.2.1). That original is what the user wants judged.
 */
export interface ForwardedOriginal {
  /** The attached message, byte for byte as the forwarding client attached it. */
  original: Buffer;
  /** The wrapper that reached mxray (the user's forward). */
  wrapper: { subject?: string; from?: string };
  /** A message/rfc822 part, or an .eml file attached as application/octet-stream (some webmail). */
  attachedAs: 'message/rfc822' | 'eml-file';
  filename?: string;
}

const MAX_DEPTH = 3;

interface Candidate {
  body: Buffer;
  attachedAs: ForwardedOriginal['attachedAs'];
  filename?: string;
}

function collect(header: string, body: Buffer, depth: number, out: Candidate[]): void {
  const ct = parseContentType(headerField(header, 'content-type'));
  if (ct.type.startsWith('multipart/')) {
    // A delivery report carries the bounced message too, but it is not a forward (RFC 6522).
    if (ct.type === 'multipart/report' || !ct.params.boundary || depth >= MAX_DEPTH) return;
    for (const part of multipartParts(body, ct.params.boundary)) {
      const p = splitHeaderBody(part);
      collect(p.header, p.body, depth + 1, out);
    }
    return;
  }
  if (depth === 0) return; // the message itself is not an attachment
  const disposition = parseContentType(`x/x; ${headerField(header, 'content-disposition')?.replace(/^[^;]*;?/, '') ?? ''}`);
  const filename = disposition.params.filename ?? ct.params.name;
  const isEml = ct.type === 'application/octet-stream' && !!filename && /\.eml$/i.test(filename);
  if (ct.type !== 'message/rfc822' && !isEml) return;
  out.push({
    body: decodeTransferEncoding(body, headerField(header, 'content-transfer-encoding')),
    attachedAs: isEml ? 'eml-file' : 'message/rfc822',
    filename,
  });
}

/** A header section that is a message's, not a random attachment's (RFC 5322 §3.6: From is required). */
function looksLikeMessage(raw: Buffer): boolean {
  const { header } = splitHeaderBody(raw);
  return headerField(header, 'from') !== undefined || headerField(header, 'received') !== undefined;
}

/**
 * The original when `raw` is a multipart/mixed message carrying exactly one attached message;
 * null for a plain message (analysed as it is) and when several messages are attached (which one
 * the user meant is a guess).
 */
export function findForwardedOriginal(raw: Buffer): ForwardedOriginal | null {
  const { header, body } = splitHeaderBody(raw);
  if (parseContentType(headerField(header, 'content-type')).type !== 'multipart/mixed') return null;
  const found: Candidate[] = [];
  collect(header, body, 0, found);
  if (found.length !== 1) return null;
  const only = found[0]!;
  if (!looksLikeMessage(only.body)) return null;
  const subject = headerField(header, 'subject');
  const from = headerField(header, 'from');
  return {
    original: only.body,
    wrapper: { subject: subject === undefined ? undefined : decodeEncodedWords(subject), from: from === undefined ? undefined : decodeEncodedWords(from) },
    attachedAs: only.attachedAs,
    filename: only.filename,
  };
}
