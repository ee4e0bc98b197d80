import { trustProxy } from './client-id';

/**
 * The owner token lives in a cookie scoped to the report's own path: HttpOnly, SameSite=Strict, so
 * only the creating browser, on that report's page, can prove ownership (and delete the report).
 */
export const OWNER_COOKIE = 'mxray_owner';

export function ownerCookiePath(id: string): string {
  return `/r/${id}`;
}

export function ownerCookieHeader(id: string, token: string, secure: boolean): string {
  return `${OWNER_COOKIE}=${token}; Path=${ownerCookiePath(id)}; Max-Age=31536000; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Whether the request came over HTTPS (directly or, with a trusted proxy, per X-Forwarded-Proto). */
export function isHttps(req: Request): boolean {
  return new URL(req.url).protocol === 'https:' || (trustProxy() && req.headers.get('x-forwarded-proto') === 'https');
}

/** Headers of a 201 for a new report: where it lives, and the owner cookie for the creating browser. */
export function createdHeaders(req: Request, created: { id: string; ownerToken?: string }, url: string): Record<string, string> {
  return {
    Location: url,
    ...(created.ownerToken ? { 'Set-Cookie': ownerCookieHeader(created.id, created.ownerToken, isHttps(req)) } : {}),
  };
}
