/**
 * Pasting text that is not a message: POST /api/analyze answers 400 with a sentence, the paste
 * form shows that sentence as its error, and no report is stored either way (real SQLite file).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonRequest, useApiFixtures } from './api-support';
import * as analyze from '@/app/api/analyze/route';
import { countReports } from '@/lib/db/reports';
import { resetRateLimits } from '@/lib/api/rate-limit';

// The form action reads the request's headers and sets a cookie through next/headers.
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-forwarded-for': '198.51.100.77' }), cookies: async () => ({ get: () => undefined, set: () => {} }) }));

vi.mock('server-only', () => ({}));

useApiFixtures({});
beforeEach(() => resetRateLimits());

const notMessages = ['Note: call Bob\nTime: 5pm\nPlace: office\n', 'just some words\nand more words\n', '<html><body>hello</body></html>'];

describe('text that is not a message is rejected, nothing stored', () => {
  it.each(notMessages)('API: 400 invalid_input for %j', async (text) => {
    const before = await countReports();
    const res = await analyze.POST(jsonRequest('/api/analyze', { message: text }));
    expect(res.status).toBe(400);
    const b = (await res.json()) as { error: { code: string; message: string; field?: string } };
    expect(b.error).toMatchObject({ code: 'invalid_input', field: 'message' });
    expect(b.error.message).toMatch(/not an email message|No header lines/);
    expect(await countReports()).toBe(before);
  });

  it('the paste form shows the reason as its error', async () => {
    const { analyzeAction } = await import('@/app/analyze/actions');
    const before = await countReports();
    const form = new FormData();
    form.set('message', notMessages[0]!);
    expect(await analyzeAction({}, form)).toEqual({ error: expect.stringMatching(/^None of the 3 "Name: value" lines at the start is a mail header .*: this is other text, not an email message\.$/) });
    expect(await countReports()).toBe(before);
  });

  it('a real header paste is still accepted', async () => {
    const res = await analyze.POST(jsonRequest('/api/analyze', { message: 'From: a@example.test\nSubject: hi\n' }));
    expect(res.status).toBe(201);
  });
});
