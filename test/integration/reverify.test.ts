/**
 * "Verify again with today's DNS": a stored message report is verified again after the sender fixed
 * a record, through the real API route, a real dns2 test server and a real SQLite file. The
 * message is DKIM-signed with mailauth; its key is published only after the first verification.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getRequest, jsonRequest, params, useApiFixtures } from './api-support';
import * as analyze from '@/app/api/analyze/route';
import * as checks from '@/app/api/checks/route';
import * as checklist from '@/app/api/checklist/route';
import * as reverify from '@/app/api/reports/[id]/reverify/route';
import { getReport } from '@/lib/db/reports';
import { resetRateLimits } from '@/lib/api/rate-limit';
import { diffVerdicts } from '@/lib/message/verdict-diff';
import { sharedDnsCache } from '@/lib/report/context';
import { closeAnalysisPool } from '@/lib/analysis/pool';
import type { MessageAnalysis } from '@/lib/message/types';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const KEY_NAME = 'mail._domainkey.sender.test';

const fixtures = useApiFixtures({
  'sender.test': { TXT: ['v=spf1 ip4:192.0.2.10 -all'] },
  '_dmarc.sender.test': { TXT: ['v=DMARC1; p=reject'] },
});
beforeEach(async () => {
  resetRateLimits();
  fixtures.dns().set(KEY_NAME, undefined);
  // Each test starts before the key is published, also for answers a previous test left cached
  // (analysis threads keep their own caches: new threads start empty).
  sharedDnsCache().clear();
  await closeAnalysisPool();
});
afterAll(() => closeAnalysisPool());

const message = 'From: Alice <alice@sender.test>\r\nTo: bob@receiver.test\r\nSubject: Setup test\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <r1@sender.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n';

async function signed(): Promise<string> {
  const privateKey = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const res = await dkimSign(message, { signatureData: [{ signingDomain: 'sender.test', selector: 'mail', privateKey, algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed' }] } as never);
  return (res as unknown as { signatures: string }).signatures + message;
}

type Payload = { analysis: MessageAnalysis; reverified?: { at: string; headersOnly: boolean } };
const dkimOf = (a: MessageAnalysis) => a.verified.dkim.find((d) => d.selector === 'mail')?.result;

describe('POST /api/reports/<id>/reverify', () => {
  it('verifies the kept message again with fresh DNS and links the new report to the old one', async () => {
    const first = (await (await analyze.POST(jsonRequest('/api/analyze', { message: await signed(), store: true }))).json()) as { id: string };
    const before = (await getReport<Payload>(first.id))!.payload.analysis;
    expect(dkimOf(before)).not.toBe('pass'); // no key published yet
    expect(before.verified.dmarc?.result).toBe('fail');

    // The sender publishes the key; the first answer ("no such name") must not be served from cache.
    fixtures.dns().set(KEY_NAME, { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] });
    const res = await reverify.POST(jsonRequest(`/api/reports/${first.id}/reverify`, {}), params({ id: first.id }));
    expect(res.status).toBe(201);
    const b = (await res.json()) as { id: string; url: string; previousId: string; ownerToken: string };
    expect(b.id).not.toBe(first.id);
    expect(b.previousId).toBe(first.id);
    expect(b.url).toBe(`http://localhost/r/${b.id}`);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^mxray_owner=${b.ownerToken}; Path=/r/${b.id};`));

    const again = (await getReport<Payload>(b.id))!;
    expect(again.kind).toBe('analysis');
    expect(again.previousId).toBe(first.id);
    expect(again.payload.reverified).toMatchObject({ headersOnly: false });
    expect(dkimOf(again.payload.analysis)).toBe('pass');
    expect(again.payload.analysis.verified.dmarc?.result).toBe('pass');
    const changes = diffVerdicts(before, again.payload.analysis).filter((c) => c.changed);
    expect(changes.map((c) => [c.check, c.after])).toEqual([['DKIM d=sender.test s=mail', 'pass'], ['DMARC', 'pass']]);
    // The original stays as it was.
    expect(dkimOf((await getReport<Payload>(first.id))!.payload.analysis)).not.toBe('pass');
  });

  it('re-verifies a headers-only report and says the body could not be checked again', async () => {
    fixtures.dns().set(KEY_NAME, { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] });
    const first = (await (await analyze.POST(jsonRequest('/api/analyze', { message: await signed() }))).json()) as { id: string };
    const b = (await (await reverify.POST(jsonRequest(`/api/reports/${first.id}/reverify`, {}), params({ id: first.id }))).json()) as { id: string };
    const again = (await getReport<Payload>(b.id))!.payload;
    expect(again.reverified).toMatchObject({ headersOnly: true });
    expect(again.analysis.verified.dkim.find((d) => d.selector === 'mail')?.bodyHash).toBe('not-checked');
  });

  it('judges SPF of a received message on its real envelope again', async () => {
    const { storeReceivedMessage } = await import('@/lib/inbound/receive');
    const envelope = { ip: '192.0.2.10', helo: 'mail.sender.test', mailFrom: 'bounce@sender.test', rcptTo: ['t-x@mxray.test'], tls: false };
    const received = await storeReceivedMessage({ raw: Buffer.from(message), envelope, tokens: [], receivedAt: new Date() });
    const b = (await (await reverify.POST(jsonRequest(`/api/reports/${received.reportId}/reverify`, {}), params({ id: received.reportId }))).json()) as { id: string };
    const again = (await getReport<Payload & { envelope: typeof envelope }>(b.id))!;
    expect(again.kind).toBe('inbound');
    expect(again.payload.envelope).toEqual(envelope);
    expect(again.payload.analysis.verified.spf).toMatchObject({ result: 'pass', ip: '192.0.2.10' });
  });

  it('answers 404 for a domain check, an unknown id and a malformed one', async () => {
    const check = (await (await checks.POST(jsonRequest('/api/checks', { domain: 'sender.test' }))).json()) as { id: string };
    for (const id of [check.id, 'A'.repeat(32), 'nope']) {
      const res = await reverify.POST(jsonRequest(`/api/reports/${id}/reverify`, {}), params({ id }));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('"Re-check now" on the setup checklist verifies a failing test message again and turns the last step green', async () => {
    process.env.MXRAY_PORT25_TARGETS = '127.0.0.1:9';
    process.env.MXRAY_ALLOW_PRIVATE_TARGETS = '1';
    try {
      const { createTestAddress, getTestAddress } = await import('@/lib/db/test-addresses');
      const { storeReceivedMessage } = await import('@/lib/inbound/receive');
      const address = await createTestAddress({ domain: 'sender.test' });
      const envelope = { ip: '192.0.2.10', helo: 'mail.sender.test', mailFrom: 'bounce@sender.test', rcptTo: [address.address], tls: false };
      const received = await storeReceivedMessage({ raw: Buffer.from(await signed()), envelope, tokens: [address.token], receivedAt: new Date() });
      type Item = { id: string; state: string; reportId?: string; auth?: { method: string; result: string }[] };
      const step = async (fresh: boolean) => {
        const res = await checklist.GET(getRequest(`/api/checklist?domain=sender.test&token=${address.token}${fresh ? '&fresh=1' : ''}`));
        return ((await res.json()) as { items: Item[] }).items.find((i) => i.id === 'message-auth')!;
      };

      const before = await step(false);
      expect(before).toMatchObject({ state: 'todo', reportId: received.reportId });
      expect(before.auth?.find((a) => a.method === 'dkim')?.result).not.toBe('pass');
      expect(await step(false)).toMatchObject({ reportId: received.reportId }); // a plain poll never re-verifies

      fixtures.dns().set(KEY_NAME, { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] });
      const after = await step(true);
      expect(after.state).toBe('done');
      expect(after.reportId).not.toBe(received.reportId);
      expect((await getReport(after.reportId!))?.previousId).toBe(received.reportId);
      // The address now points at the newer verification, so later polls stay green.
      expect((await getTestAddress(address.token))?.reportId).toBe(after.reportId);
      expect(await step(false)).toMatchObject({ state: 'done', reportId: after.reportId });
      // Passing now: another "re-check now" does not make yet another report.
      expect((await step(true)).reportId).toBe(after.reportId);
    } finally {
      delete process.env.MXRAY_PORT25_TARGETS;
      delete process.env.MXRAY_ALLOW_PRIVATE_TARGETS;
    }
  });
});
