import { describe, expect, it } from 'vitest';
import { AcceptanceCache } from '@/lib/inbound/acceptance-cache';
import type { TestAddressAcceptance } from '@/lib/db/test-addresses';

function counting(answers: Record<string, { state: TestAddressAcceptance; expiresAt?: Date }>) {
  const calls: string[] = [];
  const cache = new AcceptanceCache(async (t) => {
    calls.push(t);
    return answers[t] ?? { state: 'unknown' };
  });
  return { cache, calls, answers };
}

describe('RCPT acceptance cache', () => {
  it('remembers a live address for a few seconds instead of asking the database per message', async () => {
    const t0 = 1_000_000;
    const { cache, calls } = counting({ live: { state: 'accept', expiresAt: new Date(t0 + 3_600_000) } });
    expect(await cache.check('live', t0)).toBe('accept');
    expect(await cache.check('live', t0 + 5_000)).toBe('accept');
    expect(calls).toEqual(['live']);
    await cache.check('live', t0 + 11_000);
    expect(calls).toEqual(['live', 'live']);
  });
  it('lets an address expire on time even while cached', async () => {
    const t0 = 1_000_000;
    const { cache, calls, answers } = counting({ soon: { state: 'accept', expiresAt: new Date(t0 + 2_000) } });
    await cache.check('soon', t0);
    answers.soon = { state: 'expired' };
    expect(await cache.check('soon', t0 + 2_500)).toBe('expired');
    expect(calls).toHaveLength(2);
  });
  it('never caches a refusal: an address created a moment ago works at once', async () => {
    const { cache, answers } = counting({});
    expect(await cache.check('new', 0)).toBe('unknown');
    answers.new = { state: 'accept', expiresAt: new Date(3_600_000) };
    expect(await cache.check('new', 1)).toBe('accept');
  });
});
