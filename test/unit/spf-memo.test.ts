import { describe, expect, it } from 'vitest';
import { SpfMemo } from '@/lib/message/spf-memo';

type R = { status: { result: string }; n: number };

describe('SPF verdict memo', () => {
  it('evaluates once per (ip, helo, sender) within the TTL, again after it', async () => {
    let now = 0;
    let calls = 0;
    const memo = new SpfMemo<R>(10, () => now);
    const compute = async () => ({ status: { result: 'pass' }, n: ++calls });
    expect((await memo.get('k', 60, compute)).n).toBe(1);
    expect((await memo.get('k', 60, compute)).n).toBe(1);
    expect((await memo.get('other', 60, compute)).n).toBe(2);
    now = 61_000;
    expect((await memo.get('k', 60, compute)).n).toBe(3);
  });

  it('never remembers a temperror, and a TTL of 0 disables it', async () => {
    let calls = 0;
    const memo = new SpfMemo<R>();
    const temp = async () => ({ status: { result: 'temperror' }, n: ++calls });
    await memo.get('k', 60, temp);
    await memo.get('k', 60, temp);
    expect(calls).toBe(2);
    const pass = async () => ({ status: { result: 'pass' }, n: ++calls });
    await memo.get('z', 0, pass);
    await memo.get('z', 0, pass);
    expect(calls).toBe(4);
  });

  it('stays bounded', async () => {
    const memo = new SpfMemo<R>(3);
    for (let i = 0; i < 10; i++) await memo.get(`k${i}`, 60, async () => ({ status: { result: 'pass' }, n: i }));
    let recomputed = false;
    await memo.get('k0', 60, async () => ((recomputed = true), { status: { result: 'pass' }, n: -1 }));
    expect(recomputed).toBe(true);
  });
});
