/**
 * Content checks of received test messages finish after the 250: the message is stored first with
 * content "pending", a background queue completes the same report, and reports still pending when
 * mxray stopped are completed at the next start. Real SQLite file, real dns2 server, and Debian's
 * SpamAssassin when installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerList } from '@/lib/dns';
import type { ContentState } from '@/lib/content/types';
import { stopSharedSpamd } from '@/lib/content/spamassassin';
import { getReport } from '@/lib/db/reports';
import { ContentJobs } from '@/lib/inbound/content-jobs';
import { storeReceivedMessage } from '@/lib/inbound/receive';
import { createCheckContext } from '@/lib/report/context';
import { CONTENT_FIXTURES } from '../support/content-fixtures';
import { useApiFixtures } from './api-support';

const { dns } = useApiFixtures({ 'badlink.test.dbl.spamhaus.org': { A: ['127.0.1.2'] } });
// A cold spamd on a loaded machine needs more than the default deadline to load its rules.
// vitest.config.ts switches SpamAssassin off for the other suites: on here.
beforeAll(() => {
  process.env.MXRAY_SPAMASSASSIN = 'auto';
  process.env.MXRAY_SPAMD_TIMEOUT_MS = '120000';
});
afterAll(() => stopSharedSpamd());

const context = () => createCheckContext({ dns: { servers: parseServerList(dns().address), timeoutMs: 2000, retries: 0, cacheMaxTtlSec: 0 }, cache: null });
const envelope = { ip: '192.0.2.9', helo: 'mail.shop.test', mailFrom: 'news@shop.test', rcptTo: ['t-x@mxray.localhost'], tls: true };
const contentOf = async (id: string) => (await getReport<{ content?: ContentState }>(id))?.payload.content;

describe('content checks of received test messages', () => {
  it('are stored as pending before the 250, then completed on the same report', async () => {
    const jobs = new ContentJobs(context);
    const { reportId } = await storeReceivedMessage({ raw: Buffer.from(CONTENT_FIXTURES.listedLink), envelope, tokens: [], receivedAt: new Date() }, { context: () => context(), contentJobs: false });
    // What the listener has committed when it answers 250:
    expect(await contentOf(reportId)).toMatchObject({ state: 'pending' });
    jobs.enqueue(reportId, Buffer.from(CONTENT_FIXTURES.listedLink));
    await jobs.idle();
    const done = await contentOf(reportId);
    expect(done?.state).toBe('done');
    if (done?.state !== 'done') return;
    expect(done.findings.map((f) => f.code)).toContain('content.link-listed');
  }, 180_000);

  it('survive a restart: a report left pending is completed by the next start', async () => {
    // "Crash": stored, but no queue ran its content checks.
    const { reportId } = await storeReceivedMessage({ raw: Buffer.from(CONTENT_FIXTURES.htmlOnly), envelope, tokens: [], receivedAt: new Date() }, { context: () => context(), contentJobs: false });
    expect(await contentOf(reportId)).toMatchObject({ state: 'pending' });
    const afterRestart = new ContentJobs(context);
    expect(await afterRestart.resume()).toBeGreaterThanOrEqual(1);
    await afterRestart.idle();
    const done = await contentOf(reportId);
    expect(done?.state).toBe('done');
    if (done?.state !== 'done') return;
    // The body came back from the stored copy (small UTF-8 messages are kept).
    expect(done.findings.map((f) => f.code)).toContain('content.html-only');
    expect(await new ContentJobs(context).resume()).toBe(0);
  }, 180_000);
});
