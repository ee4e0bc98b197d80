/**
 * The origin to put in shareable links. MXRAY_PUBLIC_URL wins (set it behind a proxy or when the
 * dashboard has a public name); otherwise the Host the browser used (Next copies it into
 * X-Forwarded-Host when no proxy set one), so a link works for whoever asked.
 */
export function publicOrigin(headers: Headers, fallback: string): string {
  const configured = process.env.MXRAY_PUBLIC_URL?.trim().replace(/\/+$/, '');
  if (configured) return configured;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return fallback;
  const proto = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

export function reportUrl(req: Request, id: string): string {
  return `${publicOrigin(req.headers, new URL(req.url).origin)}/r/${id}`;
}
