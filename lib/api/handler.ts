import { ApiError, toErrorResponse } from './errors';
import { clientId } from './client-id';
import { takeRequest, type LimitClass } from './rate-limit';

/**
 * The frame every route handler shares: charge the rate limit, run, and turn thrown errors into
 * the one error shape. Handlers stay "validate → call lib → shape".
 */
export async function apiHandler(req: Request, cls: LimitClass, fn: () => Promise<Response>): Promise<Response> {
  try {
    const decision = await takeRequest(cls, clientId(req.headers));
    if (!decision.ok) {
      // metrics: rate-limit refusal
      throw new ApiError('rate_limited', `Too many requests; try again in ${decision.retryAfter} s.`, { headers: { 'Retry-After': String(decision.retryAfter) } });
    }
    return await fn();
  } catch (e) {
    return toErrorResponse(e);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}
