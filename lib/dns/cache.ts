import type { DnsAnswer, SecureAnswer } from './types';

interface Entry<A extends DnsAnswer = DnsAnswer> {
  answer: A;
  expiresAt: number;
}

/**
 * Answers shared between checks (a second check within the TTL asks nothing again).
 * Only definitive answers (records, NODATA, NXDOMAIN) live here; timeouts and SERVFAIL are kept
 * for the current check alone so the next check tries again. Bounded: oldest entries go first.
 */
export class DnsCache<A extends DnsAnswer = DnsAnswer> {
  private entries = new Map<string, Entry<A>>();
  constructor(private readonly maxEntries = 10_000, private readonly now: () => number = Date.now) {}

  get(key: string): A | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.answer;
  }

  set(key: string, answer: A, ttlSec: number): void {
    if (ttlSec <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { answer, expiresAt: this.now() + ttlSec * 1000 });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
    this.secureCache?.clear();
  }

  private secureCache: DnsCache<SecureAnswer> | undefined;

  /** Answers to questions asked with the DNSSEC OK bit (they carry the AD bit), kept apart. */
  get secure(): DnsCache<SecureAnswer> {
    this.secureCache ??= new DnsCache<SecureAnswer>(this.maxEntries, this.now);
    return this.secureCache;
  }

  get size(): number {
    return this.entries.size;
  }
}
