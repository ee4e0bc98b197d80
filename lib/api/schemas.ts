import { z } from 'zod';
import { ApiError } from './errors';

/** POST /api/checks — mirrors `mxray check <domain> --ip --selector`. */
export const checkRequest = z.strictObject({
  domain: z.string({ error: 'domain is required (a domain name such as example.com).' }).min(1, 'domain is empty.').max(300, 'domain is longer than 300 characters.'),
  ip: z.string().max(100, 'ip is longer than 100 characters.').optional(),
  selectors: z
    .union([z.array(z.string().max(200, 'a selector is longer than 200 characters.')).max(40, 'At most 40 selectors per check.'), z.string().max(2000)])
    .optional()
    .transform((v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v)),
  /** The report this one re-runs, for "what changed". */
  previousId: z.string().max(64).optional(),
  /** Which provider rules count: bulk (≥5,000 a day, the default) or one-to-one. */
  senders: z.enum(['bulk', 'one-to-one'], { error: 'senders must be "bulk" or "one-to-one".' }).optional(),
});
export type CheckRequest = z.infer<typeof checkRequest>;

/** POST /api/analyze — mirrors `mxray analyze`. */
export const analyzeRequest = z.strictObject({
  message: z.string({ error: 'message is required: the raw message, its headers, or Gmail\'s "Show original" text.' }).min(1, 'message is empty.'),
  /** Keep the whole pasted text with the report (off by default: bodies can be private). */
  store: z.boolean().optional(),
  /** Which provider rules count: bulk (≥5,000 a day, the default) or one-to-one. */
  senders: z.enum(['bulk', 'one-to-one'], { error: 'senders must be "bulk" or "one-to-one".' }).optional(),
});
export type AnalyzeRequest = z.infer<typeof analyzeRequest>;

/** POST /api/test-addresses — the body is optional. */
export const testAddressRequest = z.strictObject({
  domain: z.string().max(300).optional(),
});

export const checklistQuery = z.object({
  domain: z.string().min(1, 'domain is required.').max(300),
  ip: z.string().max(100).optional(),
  selector: z.string().max(200).optional(),
  token: z.string().max(100).optional(),
  fresh: z.enum(['0', '1', 'true', 'false']).optional(),
});
export type ChecklistQuery = z.infer<typeof checklistQuery>;

/** Parse with a schema; the first problem becomes a 400 whose message names the field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
  else if (issue.code === 'invalid_type' && issue.input === undefined && !/required/.test(message)) message = `${field} is required.`;
  else if (issue.code === 'invalid_type' && field && !message.startsWith(field)) message = `${field}: ${message}`;
  if (!field && issue.code === 'invalid_type') message = 'The body must be a JSON object.';
  return throwInvalid(message, field || undefined);
}

function throwInvalid(message: string, field?: string): never {
  throw new ApiError('invalid_input', message, { field });
}
