import { BODY_LIMITS, readBodyText } from '@/lib/api/body';
import { ApiError, methodNotAllowed } from '@/lib/api/errors';
import { apiHandler, json } from '@/lib/api/handler';
import { publicOrigin } from '@/lib/api/origin';
import { parseInput, testAddressRequest } from '@/lib/api/schemas';
import { createTestAddress } from '@/lib/db/test-addresses';

export const dynamic = 'force-dynamic';

/** POST /api/test-addresses { domain? } → 201 { address, token, state, statusUrl } */
export function POST(req: Request): Promise<Response> {
  return apiHandler(req, 'test-address', async () => {
    const text = await readBodyText(req, BODY_LIMITS.small);
    let body: unknown = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw new ApiError('invalid_json', `The request body is not valid JSON: ${(e as Error).message}`);
      }
    }
    const input = parseInput(testAddressRequest, body);
    const t = await createTestAddress({ domain: input.domain?.trim() || undefined });
    return json({ address: t.address, token: t.token, state: t.state, statusUrl: `${publicOrigin(req.headers, new URL(req.url).origin)}/api/test-addresses/${t.token}` }, 201);
  });
}

export const GET = () => methodNotAllowed(['POST']);
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
