import { clientId } from '@/lib/api/client-id';
import { ApiError, methodNotAllowed } from '@/lib/api/errors';
import { apiHandler, json } from '@/lib/api/handler';
import { checklistQuery, parseInput } from '@/lib/api/schemas';
import { runChecklist } from '@/lib/checklist/run';
import { InputError } from '@/lib/report/domain-check';

export const dynamic = 'force-dynamic';

/** GET /api/checklist?domain=&ip=&selector=&token=&fresh=1 → the setup checklist's item statuses. */
export function GET(req: Request): Promise<Response> {
  const q = Object.fromEntries(new URL(req.url).searchParams);
  const fresh = q.fresh === '1' || q.fresh === 'true';
  // "Re-check now" bypasses the DNS cache, so it costs like a new check.
  return apiHandler(req, fresh ? 'check' : 'read', async () => {
    const input = parseInput(checklistQuery, q);
    const status = await runChecklist({ domain: input.domain, ip: input.ip || undefined, selector: input.selector, token: input.token || undefined, clientId: clientId(req.headers) }, { fresh }).catch((e: unknown) => {
      if (e instanceof InputError) throw new ApiError('invalid_input', e.message, { field: e.field });
      throw e;
    });
    return json({ ...status, checkedAt: new Date().toISOString() });
  });
}

export const POST = () => methodNotAllowed(['GET']);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
