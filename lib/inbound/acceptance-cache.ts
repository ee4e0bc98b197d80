import { testAddressAcceptance, type TestAddressAcceptance } from '../db/test-addresses';
import { withBusyRetry } from './busy-retry';

/**
 * RCPT TO is checked once per message, and a sender testing throughput sends many messages to the
 * same address. A live address is remembered (with its expiry, so it still expires on time) for a
 * few seconds, saving a database round trip per message. Refusals are never cached: an address
 * created a moment ago must work at once.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export class AcceptanceCache {
  private live = new Map<string, { until: number }>();

  constructor(private readonly lookup: (token: string) => Promise<{ state: TestAddressAcceptance; expiresAt?: Date }> = defaultLookup) {}

  async check(token: string, now = Date.now()): Promise<TestAddressAcceptance> {
    const hit = this.live.get(token);
    if (hit && hit.until > now) return 'accept';
    this.live.delete(token);
    const r = await this.lookup(token);
    if (r.state === 'accept') {
      if (this.live.size >= MAX_ENTRIES) this.live.clear();
      this.live.set(token, { until: Math.min(now + TTL_MS, r.expiresAt?.getTime() ?? now + TTL_MS) });
    }
    return r.state;
  }
}

async function defaultLookup(token: string): Promise<{ state: TestAddressAcceptance; expiresAt?: Date }> {
  return withBusyRetry(() => testAddressAcceptance(token));
}
