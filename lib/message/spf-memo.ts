/**
 * SPF verdicts remembered for the lifetime the DNS cache already grants the answers they were
 * computed from. check_host() is a pure function of (client IP, sender, HELO) and DNS data
 * (RFC 7208 §4), so within that window re-evaluating it only repeats the same work: a relay sending
 * many messages from one IP with one envelope sender pays for the evaluation once. Transient
 * results (temperror) are never remembered.
 */
interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class SpfMemo<T extends { status: { result: string } }> {
  private entries = new Map<string, Entry<T>>();
  constructor(private readonly maxEntries = 2000, private readonly now: () => number = Date.now) {}

  async get(key: string, ttlSec: number, compute: () => Promise<T>): Promise<T> {
    if (ttlSec <= 0) return compute();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const value = await compute();
    if (value.status.result !== 'temperror') {
      this.entries.delete(key);
      this.entries.set(key, { value, expiresAt: this.now() + ttlSec * 1000 });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
