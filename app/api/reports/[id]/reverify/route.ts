import { ApiError, methodNotAllowed } from '@/lib/api/errors';
import { apiHandler, json } from '@/lib/api/handler';
import { reportUrl } from '@/lib/api/origin';
import { createdHeaders } from '@/lib/api/owner-cookie';
import { reverifyReport } from '@/lib/api/reverify';
import { REPORT_ID_PATTERN } from '@/lib/report/ids';
import { publicPayload } from '@/lib/report/public-view';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/**
 * POST /api/reports/<id>/reverify → 201 { id, url, previousId, ownerToken, report }: the message of
 * an analysis or received-message report verified again with fresh DNS answers, as a new report.
 */
export function POST(req: Request, { params }: Ctx): Promise<Response> {
  // Fresh DNS for every check of the message: charged like a domain check.
  return apiHandler(req, 'check', async () => {
    const { id } = await params;
    if (!REPORT_ID_PATTERN.test(id)) throw new ApiError('not_found', 'No report with this id. It may have been deleted, or the link is incomplete.');
    const created = await reverifyReport(id);
    if (!created) throw new ApiError('not_found', 'No message report with this id: only message analyses and received test messages can be verified again (a domain check is run again with POST /api/checks).');
    const url = reportUrl(req, created.id);
    return json({ id: created.id, url, previousId: id, ownerToken: created.ownerToken, report: publicPayload(created.report) }, 201, createdHeaders(req, created, url));
  });
}

export const GET = () => methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
