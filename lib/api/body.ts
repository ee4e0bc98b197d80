import { ApiError } from './errors';

/** Body size limits per endpoint: a domain check is tiny; a pasted "Show original" can be large. */
export const BODY_LIMITS = {
  checks: 64 * 1024,
  analyze: 12 * 1024 * 1024,
  small: 16 * 1024,
} as const;

function tooLarge(limit: number): ApiError {
  return new ApiError('payload_too_large', `The request body is larger than ${formatBytes(limit)}.`);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/**
 * Read the body as text, refusing more than `limit` bytes. Content-Length is checked first (cheap),
 * then the bytes actually read, because chunked uploads carry no length and a header can lie.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/** Read and parse a JSON body within `limit` bytes; invalid JSON is a 400 with a sentence. */
export async function readJson(req: Request, limit: number): Promise<unknown> {
  const type = req.headers.get('content-type');
  if (type && !/^application\/(.+\+)?json\b/i.test(type) && !/^text\/plain\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', `Send the body as application/json (got ${type.slice(0, 80)}).`);
  }
  const text = await readBodyText(req, limit);
  if (text.trim() === '') throw new ApiError('invalid_json', 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ApiError('invalid_json', `The request body is not valid JSON: ${(e as Error).message}`);
  }
}
