import { NextResponse, type NextRequest } from 'next/server';
import { clientId } from './lib/api/client-id';
import { takeRequest, type LimitClass } from './lib/api/rate-limit';
import { CONFIRM_HEADER, userInitiated } from './lib/api/user-initiated';
import { busyPage } from './lib/web/busy-page';
import { contentSecurityPolicy, newNonce } from './lib/web/csp';

/**
 * In front of every page: a fresh CSP nonce per response, and for the GET pages that start work the
 * same per-client budget as the JSON API (a readable 429 when spent) plus a click-to-run page when
 * another site made the browser ask. Thin: the decisions live in lib/.
 */

/** Page requests that run checks, with the budget they draw from and what to call it. */
function workOf(req: NextRequest): { cls: LimitClass; what: string } | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null; // server actions have their own checks
  const { pathname, searchParams } = req.nextUrl;
  if (pathname === '/check' && (searchParams.get('domain') ?? '').trim()) return { cls: 'check', what: 'domain checks' };
  if (/^\/setup\/[^/]+\/?$/.test(pathname)) return { cls: 'check', what: 'domain checks (a setup checklist runs them)' };
  return null;
}

export async function proxy(req: NextRequest): Promise<NextResponse> {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  const headers = new Headers(req.headers);
  headers.delete(CONFIRM_HEADER); // only this proxy may ask for a confirmation
  headers.set('content-security-policy', csp); // Next reads the nonce from here
  headers.set('x-nonce', nonce);

  const work = workOf(req);
  if (work) {
    if (!userInitiated(req.headers, req.nextUrl.origin)) {
      headers.set(CONFIRM_HEADER, '1');
    } else {
      const decision = await takeRequest(work.cls, clientId(req.headers));
      if (!decision.ok) {
        // metrics: rate-limit refusal
        const retryUrl = req.nextUrl.pathname + req.nextUrl.search;
        return new NextResponse(req.method === 'HEAD' ? null : busyPage({ retryAfter: decision.retryAfter, what: work.what, nonce, retryUrl }), {
          status: 429,
          headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(decision.retryAfter), 'Cache-Control': 'no-store', 'Content-Security-Policy': csp },
        });
      }
    }
  }
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('Content-Security-Policy', csp);
  return res;
}

export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' }],
};
