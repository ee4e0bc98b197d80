/**
 * The DNSSEC header bits on the wire, against a bare UDP responder that records each query and
 * answers with the AD bit set: plain questions stay exactly as before (no EDNS record, no CD, the
 * shared cache), DNSSEC questions carry DO (and CD when asked) and read AD.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Packet } from 'dns2';
import { DnsCache, DnsResolver } from '@/lib/dns';

interface Seen {
  name: string;
  type: number;
  cd: number;
  opt?: { doFlag: boolean };
}

let server: dgram.Socket;
let port = 0;
const seen: Seen[] = [];

beforeAll(async () => {
  server = dgram.createSocket('udp4');
  server.on('message', (msg, rinfo) => {
    const q = Packet.parse(msg) as unknown as { header: { id: number; cd: number }; questions: { name: string; type: number }[]; additionals: { type: number; doFlag?: boolean }[] };
    const opt = q.additionals.find((r) => r.type === Packet.TYPE.EDNS);
    seen.push({ name: q.questions[0]!.name, type: q.questions[0]!.type, cd: q.header.cd, ...(opt ? { opt: { doFlag: !!opt.doFlag } } : {}) });
    const res = new Packet();
    Object.assign(res.header, { id: q.header.id, qr: 1, rd: 1, ra: 1, ad: 1 });
    res.questions.push(q.questions[0] as never);
    if (q.questions[0]!.type === Packet.TYPE.A) res.answers.push({ name: q.questions[0]!.name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 300, address: '192.0.2.1' } as never);
    server.send(res.toBuffer(), rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const resolver = (cache?: DnsCache) => new DnsResolver({ servers: [{ host: '127.0.0.1', port }], timeoutMs: 1000, retries: 0, cacheMaxTtlSec: 60 }, { cache });

describe('DNSSEC bits on the wire', () => {
  it('sends plain questions without an EDNS record or CD, as before', async () => {
    seen.length = 0;
    const a = await resolver().query('plain.example', 'A');
    expect(a.outcome).toBe('NOERROR');
    expect(seen).toEqual([{ name: 'plain.example', type: 1, cd: 0 }]);
  });

  it('sets DO for a DNSSEC question, CD when asked, and reads AD', async () => {
    seen.length = 0;
    const r = resolver();
    const a = await r.querySecure('signed.example', 'A');
    const b = await r.querySecure('signed.example', 'A', { checkingDisabled: true });
    expect(seen).toEqual([
      { name: 'signed.example', type: 1, cd: 0, opt: { doFlag: true } },
      { name: 'signed.example', type: 1, cd: 1, opt: { doFlag: true } },
    ]);
    expect(a.authenticated).toBe(true);
    expect(b.checkingDisabled).toBe(true);
    expect(r.trace.map((t) => t.dnssec)).toEqual([{ flags: 'do', ad: true }, { flags: 'do+cd', ad: true }]);
  });

  it('asks TLSA by its number (52), which dns2 does not know', async () => {
    seen.length = 0;
    const a = await resolver().querySecure('_25._tcp.mx.example', 'TLSA');
    expect(seen[0]!.type).toBe(52);
    expect(a.outcome).toBe('NODATA');
  });

  it('shares DNSSEC answers between checks apart from plain answers (a second check asks nothing again)', async () => {
    const cache = new DnsCache();
    seen.length = 0;
    const first = await resolver(cache).querySecure('cached.example', 'A');
    const again = await resolver(cache).querySecure('cached.example', 'A');
    await resolver(cache).query('cached.example', 'A');
    await resolver(cache).query('cached.example', 'A');
    // One DO question and one plain one: neither answers for the other (a plain answer has no AD bit).
    expect(seen.map((s) => s.opt?.doFlag ?? false)).toEqual([true, false]);
    expect(again.authenticated).toBe(first.authenticated);
  });
});
