/**
 * One error shape for every API response: { error: { code, message } } with the HTTP status that
 * matches. Messages are sentences for the person calling; a 500 never carries a stack or internals.
 */
export type ApiErrorCode =
  | 'invalid_json'
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'method_not_allowed'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ApiErrorCode, number> = {
  invalid_json: 400,
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; field?: string };
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = STATUS[code];
  }
}

export function errorBody(code: ApiErrorCode, message: string, field?: string): ApiErrorBody {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

export function errorResponse(err: ApiError): Response {
  return Response.json(errorBody(err.code, err.message, err.extra.field), {
    status: err.status,
    headers: { 'Cache-Control': 'no-store', ...err.extra.headers },
  });
}

/** Turn anything thrown inside a handler into a response; unknown errors become a bare 500. */
export function toErrorResponse(e: unknown, log: (e: unknown) => void = (x) => console.error('mxray api:', x)): Response {
  if (e instanceof ApiError) return errorResponse(e);
  log(e);
  return errorResponse(new ApiError('internal', 'Something went wrong on the server. The error was logged; please try again.'));
}

export function methodNotAllowed(allowed: string[]): Response {
  return errorResponse(new ApiError('method_not_allowed', `This endpoint accepts ${allowed.join(', ')}.`, { headers: { Allow: allowed.join(', ') } }));
}
