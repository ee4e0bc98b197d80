import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBodyText, readJson } from '@/lib/api/body';
import { aggregateOf, clientId } from '@/lib/api/client-id';
import { ApiError, toErrorResponse } from '@/lib/api/errors';
import { MemoryBudget, resetRateLimits, takeRequest } from '@/lib/api/rate-limit';
import { analyzeRequest, checkRequest, parseInput } from '@/lib/api/schemas';

async function thrown(p: Promise<unknown> | (() => unknown)): Promise<ApiError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

function chunked(parts: string[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(new TextEncoder().encode(p));
      c.close();
    },
  });
  return new Request('http://x/api', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('request bodies', () => {
  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    const req = new Request('http://x/api', { method: 'POST', body: 'x'.repeat(10), headers: { 'content-length': '999999' } });
    expect((await thrown(readBodyText(req, 100))).status).toBe(413);
  });

  it('refuses a chunked body that grows past the limit while being read', async () => {
    const e = await thrown(readBodyText(chunked(['a'.repeat(60), 'b'.repeat(60)]), 100));
    expect(e.code).toBe('payload_too_large');
    expect(e.message).toBe('The request body is larger than 100 bytes.');
    expect(await readBodyText(chunked(['a'.repeat(50), 'b'.repeat(50)]), 100)).toHaveLength(100);
  });

  it('names invalid JSON, an empty body and a wrong content type', async () => {
    const bad = await thrown(readJson(new Request('http://x', { method: 'POST', body: '{"domain":', headers: { 'content-type': 'application/json' } }), 1000));
    expect(bad.code).toBe('invalid_json');
    expect(bad.status).toBe(400);
    expect((await thrown(readJson(new Request('http://x', { method: 'POST', body: ' ' }), 1000))).message).toMatch(/empty/);
    expect((await thrown(readJson(new Request('http://x', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 1000))).status).toBe(415);
  });
});

describe('input validation', () => {
  it('accepts selectors as a list or a comma-separated string', () => {
    expect(parseInput(checkRequest, { domain: 'example.com', selectors: 'mail, s2' }).selectors).toEqual(['mail', 's2']);
    expect(parseInput(checkRequest, { domain: 'example.com', selectors: ['mail'] }).selectors).toEqual(['mail']);
  });

  it('says which field is wrong', () => {
    expect(thrownSync(() => parseInput(checkRequest, {}))).toMatchObject({ status: 400, extra: { field: 'domain' } });
    expect(thrownSync(() => parseInput(checkRequest, { domain: 'a', extra: 1 })).message).toBe('Unknown field: extra.');
    expect(thrownSync(() => parseInput(checkRequest, [1])).message).toBe('The body must be a JSON object.');
    expect(thrownSync(() => parseInput(analyzeRequest, { message: '' })).message).toBe('message is empty.');
    expect(thrownSync(() => parseInput(analyzeRequest, { message: 'x', store: 'yes' })).extra.field).toBe('store');
  });
});

function thrownSync(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('errors', () => {
  it('never leaks an internal error message in a 500', async () => {
    const res = toErrorResponse(new Error('SQLITE_CANTOPEN /secret/path'), () => {});
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal');
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});

describe('client id', () => {
  const h = (xff?: string) => new Headers(xff ? { 'x-forwarded-for': xff } : {});
  it('uses the nearest hop unless the proxy is trusted, then the left-most', () => {
    expect(clientId(h('198.51.100.7, 203.0.113.9'), { trustProxy: false })).toBe('203.0.113.9');
    expect(clientId(h('198.51.100.7, 203.0.113.9'), { trustProxy: true })).toBe('198.51.100.7');
  });
  it('groups IPv6 clients by /64 and unwraps IPv4-mapped addresses', () => {
    expect(clientId(h('2001:db8:1:2:3:4:5:6'), { trustProxy: false })).toBe('2001:db8:1:2::/64');
    expect(clientId(h('::ffff:127.0.0.1'), { trustProxy: false })).toBe('127.0.0.1');
    expect(clientId(h('garbage'), { trustProxy: false })).toBe('unknown');
  });
  it('writes the /64 of a compressed address and aggregates it per /48', () => {
    expect(clientId(h('2001:db8::1'), { trustProxy: false })).toBe('2001:db8:0:0::/64');
    expect(aggregateOf('2001:db8:1:2::/64')).toBe('2001:db8:1::/48');
    expect(aggregateOf('198.51.100.7')).toBeUndefined();
  });
});

describe('rate limiter', () => {
  beforeEach(() => resetRateLimits());
  afterEach(() => {
    delete process.env.MXRAY_RATE_LIMIT_SCALE;
  });

  it("allows a window's budget, then refuses with Retry-After; other clients are unaffected", async () => {
    const b = new MemoryBudget({ points: 3, seconds: 60 });
    expect((await Promise.all([1, 2, 3].map(() => b.take('a')))).map((d) => d.ok)).toEqual([true, true, true]);
    const no = await b.take('a');
    expect(no.ok).toBe(false);
    expect(no.retryAfter).toBeGreaterThan(50);
    expect(no.retryAfter).toBeLessThanOrEqual(60);
    expect((await b.take('b')).ok).toBe(true);
  });

  it('charges a cost in one step (bytes of stored bodies)', async () => {
    const b = new MemoryBudget({ points: 100, seconds: 60 });
    expect((await b.take('a', 60)).ok).toBe(true);
    expect((await b.take('a', 60)).ok).toBe(false);
    expect((await b.take('a', 40)).ok).toBe(true);
  });

  it('makes one /48 share a budget: rotating through its /64s does not multiply it', async () => {
    process.env.MXRAY_RATE_LIMIT_SCALE = '1'; // check: 20 per client, 80 per /48, 400 for everyone
    let granted = 0;
    for (let i = 0; i < 200; i++) if ((await takeRequest('check', `2001:db8:1:${i.toString(16)}::/64`)).ok) granted++;
    expect(granted).toBe(80);
    // Another /48 still has its own share, and IPv4 clients theirs.
    expect((await takeRequest('check', '2001:db8:2:1::/64')).ok).toBe(true);
    expect((await takeRequest('check', '198.51.100.7')).ok).toBe(true);
  });

  it('keeps a global budget per class that many clients together cannot exceed', async () => {
    let granted = 0;
    for (let i = 0; i < 30; i++) for (let j = 0; j < 20; j++) if ((await takeRequest('check', `10.0.${i}.1`)).ok) granted++;
    expect(granted).toBe(400);
  });
});
