/**
 * mxray's own hop of a received test message: from the connecting client to mxray's listener. No
 * Received header records it (mxray does not write one into the stored copy), yet it is the last hop
 * of the route and the one SPF is judged on.
 */
import type { Hop, Receipt } from './types';

export function receiptHop(r: Receipt, previousAt?: string): Hop {
  const prev = previousAt ? Date.parse(previousAt) : NaN;
  const at = Date.parse(r.receivedAt);
  const delay = Number.isFinite(prev) && Number.isFinite(at) ? Math.round((at - prev) / 1000) : undefined;
  const ptr = r.rdns.names[0];
  return {
    from: r.helo || r.ip,
    by: r.by,
    with: r.tls ? 'ESMTPS' : 'ESMTP',
    ip: r.ip,
    ...(r.tls ? { tls: `${r.tls.protocol} ${r.tls.cipher}` } : {}),
    at: r.receivedAt,
    ...(delay !== undefined ? { delaySeconds: delay } : {}),
    ...(ptr && ptr !== r.helo ? { rdns: ptr } : {}),
    boundary: true,
  };
}
