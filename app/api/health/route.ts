import { methodNotAllowed } from '@/lib/api/errors';
import { checkHealth } from '@/lib/ops/health';

export const dynamic = 'force-dynamic';

/** GET /api/health → 200 {status, db, smtp, version} when the database answers and the listener accepts; 503 otherwise. */
export async function GET(): Promise<Response> {
  const { httpStatus, body } = await checkHealth();
  return Response.json(body, { status: httpStatus, headers: { 'cache-control': 'no-store' } });
}

export const POST = () => methodNotAllowed(['GET']);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
