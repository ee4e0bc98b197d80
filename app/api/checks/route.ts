import { BODY_LIMITS, readJson } from '@/lib/api/body';
import { createCheckReport } from '@/lib/api/create-report';
import { ApiError, methodNotAllowed } from '@/lib/api/errors';
import { apiHandler, json } from '@/lib/api/handler';
import { reportUrl } from '@/lib/api/origin';
import { createdHeaders } from '@/lib/api/owner-cookie';
import { checkRequest, parseInput } from '@/lib/api/schemas';
import { InputError } from '@/lib/report/domain-check';
import { deliverabilityOf } from '@/lib/report/deliverability';

export const dynamic = 'force-dynamic';

/** POST /api/checks { domain, ip?, selectors?, previousId?, senders? } → 201 { id, url, report, ownerToken, score, providers } */
export function POST(req: Request): Promise<Response> {
  return apiHandler(req, 'check', async () => {
    const input = parseInput(checkRequest, await readJson(req, BODY_LIMITS.checks));
    const { senders, ...check } = input;
    const created = await createCheckReport(check).catch((e: unknown) => {
      if (e instanceof InputError) throw new ApiError('invalid_input', e.message, { field: e.field });
      throw e;
    });
    const url = reportUrl(req, created.id);
    const { score, providers } = deliverabilityOf({ domain: created.report }, senders);
    return json({ id: created.id, url, ownerToken: created.ownerToken, report: created.report, score, providers }, 201, createdHeaders(req, created, url));
  });
}

export const GET = () => methodNotAllowed(['POST']);
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
