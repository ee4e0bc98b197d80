import { ApiError, methodNotAllowed } from '@/lib/api/errors';
import { apiHandler, json } from '@/lib/api/handler';
import { reportUrl } from '@/lib/api/origin';
import { getTestAddress } from '@/lib/db/test-addresses';

export const dynamic = 'force-dynamic';

/** GET /api/test-addresses/<token> → { address, token, state: waiting|received|expired, reportId?, reportUrl? } */
export function GET(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return apiHandler(req, 'read', async () => {
    const { token } = await params;
    const t = /^[A-Za-z0-9_-]{1,100}$/.test(token) ? await getTestAddress(token) : null;
    if (!t) throw new ApiError('not_found', 'No test address with this token. Addresses expire; create a new one.');
    return json({
      address: t.address,
      token: t.token,
      state: t.state,
      count: t.count,
      ...(t.reportId ? { reportId: t.reportId, reportUrl: reportUrl(req, t.reportId) } : {}),
      ...(t.receivedAt ? { receivedAt: t.receivedAt.toISOString() } : {}),
    });
  });
}

export const POST = () => methodNotAllowed(['GET']);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
