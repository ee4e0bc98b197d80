/**
 * Retention on a real SQLite file: reports expire after MXRAY_REPORT_TTL_DAYS and stored message
 * bodies after MXRAY_BODY_TTL_DAYS, removed by the sweep in small batches; fresh ones stay. Both
 * write paths are covered: Prisma (pastes, checks) and the listener's prepared-statement batch.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from './api-support';
import { countReports, getReport, saveReport } from '@/lib/db/reports';
import { createTestAddress, getTestAddress, saveInboundReports } from '@/lib/db/test-addresses';
import { expiryFor, retentionSettings } from '@/lib/retention/settings';
import { sweepOnce } from '@/lib/retention/sweeper';

const DAY = 86_400_000;
let cleanup: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ cleanup } = await useTempDatabase());
});
afterAll(() => cleanup?.());
afterEach(() => {
  for (const k of ['MXRAY_REPORT_TTL_DAYS', 'MXRAY_BODY_TTL_DAYS']) delete process.env[k];
});

const ago = (days: number) => new Date(Date.now() - days * DAY);
type Body = { headers: string; message?: string; raw?: string };

describe('retention', () => {
  it('deletes expired reports and bodies, keeps fresh ones, on both write paths', async () => {
    process.env.MXRAY_REPORT_TTL_DAYS = '2';
    process.env.MXRAY_BODY_TTL_DAYS = '1';
    const paste = (at: Date) => saveReport<Body>({ kind: 'analysis', subject: 's', status: 'pass', payload: { headers: 'H', message: 'H\r\n\r\nbody' }, hasBody: true, now: at });
    const oldReport = (await paste(ago(3))).report;
    const oldBody = (await paste(ago(1.5))).report;
    const fresh = (await paste(ago(0.1))).report;
    const address = await createTestAddress({ now: ago(3), ttlHours: 1 });
    const [oldInbound, freshInbound] = await saveInboundReports([
      { subject: 'old', status: 'pass', payload: { headers: 'H', raw: 'H\r\n\r\nbody' }, tokens: [address.token], receivedAt: ago(2.5), hasBody: true },
      { subject: 'new', status: 'pass', payload: { headers: 'H', raw: 'H\r\n\r\nbody' }, tokens: [], receivedAt: ago(0.5), hasBody: true },
    ]);
    // Readers stop seeing an expired report at once, before any sweep.
    expect(await getReport(oldReport.id)).toBeNull();

    const swept = await sweepOnce();
    expect(swept).toEqual({ reports: 2, bodies: 1 });
    expect(await getReport(oldReport.id)).toBeNull();
    expect(await getReport(oldInbound!)).toBeNull();
    expect(await getTestAddress(address.token)).toBeNull(); // expired, and its report is gone

    const kept = (await getReport<Body>(oldBody.id))!;
    expect(kept.payload).toEqual({ headers: 'H' }); // body removed, headers and report kept
    expect(kept.bodyExpiresAt).toBeNull();
    expect((await getReport<Body>(fresh.id))!.payload.message).toBe('H\r\n\r\nbody');
    const inbound = (await getReport<Body>(freshInbound!))!;
    expect(inbound.payload.raw).toBe('H\r\n\r\nbody');
    expect(inbound.expiresAt!.getTime()).toBeCloseTo(ago(0.5).getTime() + 2 * DAY, -4);
    expect(inbound.bodyExpiresAt!.getTime()).toBeCloseTo(ago(0.5).getTime() + 1 * DAY, -4);
    expect(await sweepOnce()).toEqual({ reports: 0, bodies: 0 });
  });

  it('sweeps more than one batch, and keeps everything with MXRAY_REPORT_TTL_DAYS=0', async () => {
    process.env.MXRAY_REPORT_TTL_DAYS = '1';
    process.env.MXRAY_BODY_TTL_DAYS = '0.5';
    const { batchSize: batch, bodyBatchSize } = retentionSettings();
    const withBodies = await saveInboundReports(Array.from({ length: bodyBatchSize * 3 + 1 }, (_, i) => ({ subject: `b${i}`, status: 'pass', payload: { raw: 'x' }, tokens: [], receivedAt: ago(0.75), hasBody: true })));
    expect((await sweepOnce()).bodies).toBe(bodyBatchSize * 3 + 1);
    for (const id of withBodies) expect((await getReport<Body>(id))!.payload.raw).toBeUndefined();
    const before = await countReports();
    await saveInboundReports(Array.from({ length: batch * 2 + 7 }, (_, i) => ({ subject: `m${i}`, status: 'pass', payload: {}, tokens: [], receivedAt: ago(2) })));
    expect(await countReports()).toBe(before + batch * 2 + 7);
    expect((await sweepOnce()).reports).toBe(batch * 2 + 7);
    expect(await countReports()).toBe(before);

    process.env.MXRAY_REPORT_TTL_DAYS = '0';
    const forever = (await saveReport({ kind: 'check', subject: 'x', status: 'pass', payload: {}, now: ago(400) })).report;
    expect(forever.expiresAt).toBeNull();
    await sweepOnce();
    expect(await getReport(forever.id)).not.toBeNull();
  });

  it('never keeps a body longer than its report, and rejects a negative setting', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const s = { reportTtlDays: 3, bodyTtlDays: 7, sweepIntervalS: 60, batchSize: 10, bodyBatchSize: 2 };
    expect(expiryFor(now, true, s)).toEqual({ expiresAt: new Date('2026-12-04T00:00:00Z'), bodyExpiresAt: new Date('2026-12-04T00:00:00Z') });
    expect(expiryFor(now, false, s).bodyExpiresAt).toBeNull();
    expect(() => retentionSettings({ MXRAY_REPORT_TTL_DAYS: '-1' })).toThrow(/MXRAY_REPORT_TTL_DAYS must be a number of days/);
  });
});
