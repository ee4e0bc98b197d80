import { ApiError, methodNotAllowed } from '@/lib/api/errors';
import { apiHandler, json } from '@/lib/api/handler';
import { reportUrl } from '@/lib/api/origin';
import { OWNER_COOKIE } from '@/lib/api/owner-cookie';
import { deleteReport, getReport } from '@/lib/db/reports';
import { publicPayload } from '@/lib/report/public-view';
import { storedDeliverability } from '@/lib/api/deliverability';
import { senderKindOf } from '@/lib/providers/evaluate';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

const notFound = () => new ApiError('not_found', 'No report with this id. It may have been deleted, or the link is incomplete.');

/** GET /api/reports/<id>?senders=one-to-one → { id, kind, subject, status, createdAt, previousId, expiresAt, bodyExpiresAt, url, report, score?, providers? } (tokens masked) */
export function GET(req: Request, { params }: Ctx): Promise<Response> {
  return apiHandler(req, 'read', async () => {
    const { id } = await params;
    const r = await getReport(id);
    if (!r) throw notFound();
    const deliverability = storedDeliverability(r.kind, r.payload, senderKindOf(new URL(req.url).searchParams.get('senders')));
    return json({
      id: r.id, kind: r.kind, subject: r.subject, status: r.status, createdAt: r.createdAt.toISOString(), previousId: r.previousId,
      expiresAt: r.expiresAt?.toISOString() ?? null, bodyExpiresAt: r.bodyExpiresAt?.toISOString() ?? null,
      url: reportUrl(req, r.id), report: publicPayload(r.payload), ...deliverability,
    });
  });
}

function ownerToken(req: Request): string {
  const header = req.headers.get('x-owner-token') ?? req.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  if (header) return header.trim();
  const cookie = (req.headers.get('cookie') ?? '').split(/;\s*/).find((c) => c.startsWith(`${OWNER_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(OWNER_COOKIE.length + 1)) : '';
}

/** DELETE /api/reports/<id> with the owner token (X-Owner-Token or Authorization: Bearer) → 204 */
export function DELETE(req: Request, { params }: Ctx): Promise<Response> {
  return apiHandler(req, 'check', async () => {
    const { id } = await params;
    const token = ownerToken(req);
    if (!token) throw new ApiError('forbidden', 'Deleting a report needs the owner token that was returned when it was created (send it as X-Owner-Token).');
    const r = await deleteReport(id, token);
    if (r === 'not-found') throw notFound();
    if (r === 'forbidden') throw new ApiError('forbidden', 'That owner token does not match this report.');
    return new Response(null, { status: 204 });
  });
}

export const POST = () => methodNotAllowed(['GET', 'DELETE']);
export const PUT = POST;
export const PATCH = POST;
