/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next puts
 * it on its own inline and bundle scripts when it finds it in the request's CSP header) and what
 * those load ('strict-dynamic'); styles come from our stylesheet or carry the nonce. Style
 * attributes stay allowed (style-src-attr): the SPF and hop bars size themselves with one, and a
 * style attribute cannot run code. Nothing may frame a page, and forms post only to mxray.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // React's development build needs eval for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 128 random bits, base64: unguessable per response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
