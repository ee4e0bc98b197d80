import { describe, expect, it } from 'vitest';
import { ReportWriter } from '@/lib/inbound/report-writer';
import type { InboundReportInput } from '@/lib/db/test-addresses';

const input = (subject: string): InboundReportInput<null> => ({ subject, status: 'info', payload: null, tokens: [], receivedAt: new Date() });

describe('group commit of received messages', () => {
  it('commits messages that arrive together at once, and what arrives during a commit in the next one', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const writer = new ReportWriter<null>(async (batch) => {
      batches.push(batch.map((b) => b.subject));
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return batch.map((b) => `id-${b.subject}`);
    });
    const first = ['a', 'b'].map((s) => writer.write(input(s)));
    await new Promise((r) => setTimeout(r, 50)); // the first commit is now under way
    const later = ['c', 'd', 'e'].map((s) => writer.write(input(s)));
    release();
    expect(await Promise.all(first)).toEqual(['id-a', 'id-b']);
    expect(await Promise.all(later)).toEqual(['id-c', 'id-d', 'id-e']);
    expect(batches).toEqual([['a', 'b'], ['c', 'd', 'e']]);
  });

  it('fails every message of a failed commit (each sender gets 451) and keeps serving the next ones', async () => {
    let fail = true;
    const writer = new ReportWriter<null>(async (batch) => {
      if (fail) throw new Error('disk full');
      return batch.map((b) => b.subject);
    });
    await expect(writer.write(input('x'))).rejects.toThrow('disk full');
    fail = false;
    await expect(writer.write(input('y'))).resolves.toBe('y');
  });

  it('retries a locked database before giving up', async () => {
    let calls = 0;
    const writer = new ReportWriter<null>(async (batch) => {
      if (++calls < 3) throw Object.assign(new Error('Operation has timed out'), { code: 'P1008' });
      return batch.map(() => 'ok');
    });
    await expect(writer.write(input('z'))).resolves.toBe('ok');
    expect(calls).toBe(3);
  });

  it('caps a batch', async () => {
    const sizes: number[] = [];
    const writer = new ReportWriter<null>(async (batch) => {
      sizes.push(batch.length);
      await new Promise((r) => setTimeout(r, 5));
      return batch.map(() => 'id');
    }, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => writer.write(input(String(i)))));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
  });
});
