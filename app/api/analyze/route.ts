import { BODY_LIMITS, readJson } from '@/lib/api/body';
import { clientId } from '@/lib/api/client-id';
import { createAnalysisReport } from '@/lib/api/create-report';
import { methodNotAllowed } from '@/lib/api/errors';
import { apiHandler, json } from '@/lib/api/handler';
import { reportUrl } from '@/lib/api/origin';
import { createdHeaders } from '@/lib/api/owner-cookie';
import { analyzeRequest, parseInput } from '@/lib/api/schemas';
import { deliverabilityOf } from '@/lib/report/deliverability';

export const dynamic = 'force-dynamic';

/** POST /api/analyze { message, store?, senders? } → 201 { id, url, result, ownerToken, content?, score, providers } */
export function POST(req: Request): Promise<Response> {
  return apiHandler(req, 'analyze', async () => {
    const input = parseInput(analyzeRequest, await readJson(req, BODY_LIMITS.analyze));
    const created = await createAnalysisReport(input.message, { store: input.store, client: clientId(req.headers) });
    const url = reportUrl(req, created.id);
    const { score, providers } = deliverabilityOf({ message: created.report.analysis, headers: created.report.headers, content: created.report.content }, input.senders);
    return json({ id: created.id, url, ownerToken: created.ownerToken, result: created.report.analysis, content: created.report.content, score, providers, ...(created.report.bodyNotStored ? { note: created.report.bodyNotStored } : {}) }, 201, createdHeaders(req, created, url));
  });
}

export const GET = () => methodNotAllowed(['POST']);
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
