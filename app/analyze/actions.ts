'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { BODY_LIMITS, formatBytes } from '@/lib/api/body';
import { clientId } from '@/lib/api/client-id';
import { createAnalysisReport } from '@/lib/api/create-report';
import { ApiError } from '@/lib/api/errors';
import { takeRequest } from '@/lib/api/rate-limit';
import { setOwnerCookie } from '../_server/owner';

export interface AnalyzeFormState {
  error?: string;
}

/** The paste form: analyse, store (headers only unless asked), remember ownership, open the report. */
export async function analyzeAction(_prev: AnalyzeFormState, form: FormData): Promise<AnalyzeFormState> {
  const message = String(form.get('message') ?? '');
  if (!message.trim()) return { error: 'Paste a message first: the raw source, its headers, or Gmail\'s "Show original" page.' };
  if (Buffer.byteLength(message) > BODY_LIMITS.analyze) return { error: `That is more than ${formatBytes(BODY_LIMITS.analyze)}; paste the headers only.` };
  const client = clientId(await headers());
  const rate = await takeRequest('analyze', client);
  // metrics: rate-limit refusal
  if (!rate.ok) return { error: `Too many analyses from your address; try again in ${rate.retryAfter} s.` };
  let created;
  try {
    created = await createAnalysisReport(message, { store: form.get('store') === 'on', client });
  } catch (e) {
    // Not a message: say so on the form; nothing was stored.
    if (e instanceof ApiError && e.code === 'invalid_input') return { error: e.message };
    throw e;
  }
  if (created.ownerToken) await setOwnerCookie(created.id, created.ownerToken);
  redirect(`/r/${created.id}`);
}
