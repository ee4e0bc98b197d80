'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { clientId } from '@/lib/api/client-id';
import { takeRequest } from '@/lib/api/rate-limit';
import { reverifyReport } from '@/lib/api/reverify';
import { deleteReport } from '@/lib/db/reports';
import { REPORT_ID_PATTERN } from '@/lib/report/ids';
import { clearOwnerCookie, ownerTokenFromCookie, setOwnerCookie } from '../../_server/owner';

/** Delete button on the report page: the owner cookie (sent only to /r/<id>) proves ownership. */
export async function deleteReportAction(form: FormData): Promise<void> {
  const id = String(form.get('id') ?? '');
  const token = await ownerTokenFromCookie();
  if (!REPORT_ID_PATTERN.test(id)) redirect('/');
  const r = token ? await deleteReport(id, token) : 'forbidden';
  if (r === 'forbidden') redirect(`/r/${id}?delete=forbidden`);
  await clearOwnerCookie(id);
  redirect('/?deleted=1');
}

/** Called by the check page once the streamed report is stored, to keep delete rights in this browser. */
export async function claimOwnerAction(id: string, token: string): Promise<void> {
  if (!REPORT_ID_PATTERN.test(id) || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) return;
  await setOwnerCookie(id, token);
}

/** "Verify again with today's DNS" on a message report: a new report, linked to this one. */
export async function reverifyAction(form: FormData): Promise<void> {
  const id = String(form.get('id') ?? '');
  if (!REPORT_ID_PATTERN.test(id)) redirect('/');
  // Fresh DNS for every check of the message: the same budget as a domain check (and the API's reverify).
  const rate = await takeRequest('check', clientId(await headers()));
  // metrics: rate-limit refusal
  if (!rate.ok) redirect(`/r/${id}?reverify=busy&retry=${rate.retryAfter}`);
  // A page visitor proves nothing about the test address: the new report is independent of it.
  const created = await reverifyReport(id);
  if (!created) redirect(`/r/${id}`);
  if (created.ownerToken) await setOwnerCookie(created.id, created.ownerToken);
  redirect(`/r/${created.id}`);
}
