/**
 * A real DNS server (dns2, UDP + TCP) on 127.0.0.1 serving fixture zones, for integration tests
 * and benchmarks. Faults are part of the zone data so a fixture can say what breaks where:
 *   TIMEOUT: true | ['TXT', ...]   never answer (all types, or the listed ones)
 *   SERVFAIL: true | [...]         answer SERVFAIL
 *   REFUSED: true                  answer REFUSED
 *   TRUNCATE: true                 UDP answers carry only TC=1 (the client must retry over TCP)
 *   LATENCY: 200                   extra milliseconds before answering this name
 * and a global `latencyMs` delays every answer (the benchmark's L).
 */
import dns2 from 'dns2';
import type { AddressInfo } from 'node:net';

const { Packet } = dns2;
// RFC 1035 §4.1.1 response codes (dns2's typings omit Packet.RCODE).
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

export type TxtValue = string | string[];
export interface NameData {
  A?: string[];
  AAAA?: string[];
  MX?: [number, string][];
  TXT?: TxtValue[];
  SPF?: TxtValue[];
  PTR?: string[];
  CNAME?: string;
  NS?: string[];
  TIMEOUT?: true | string[];
  SERVFAIL?: true | string[];
  REFUSED?: true;
  TRUNCATE?: true;
  LATENCY?: number;
  TTL?: number;
}
export type Zone = Record<string, NameData>;

export interface TestDnsServerOptions {
  zone?: Zone;
  latencyMs?: number;
  /** Default TTL of served records (seconds). */
  ttl?: number;
}

export interface ReceivedQuery {
  name: string;
  type: string;
  protocol: 'udp' | 'tcp';
  at: number;
  /** Asked with the EDNS DNSSEC OK bit (a DNSSEC question: a different question from the plain one). */
  dnssecOk?: boolean;
}

const TYPE_NAMES = new Map<number, string>(Object.entries(Packet.TYPE as Record<string, number>).map(([k, v]) => [v, k]));

function norm(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** RFC 1035 §3.3: a character-string holds at most 255 octets; a longer fixture string is split. */
function toCharacterStrings(v: TxtValue): string[] {
  const parts = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const p of parts) {
    const b = Buffer.from(p, 'utf8');
    if (b.length <= 255) out.push(p);
    else for (let i = 0; i < b.length; i += 255) out.push(b.subarray(i, i + 255).toString('utf8'));
  }
  return out.length ? out : [''];
}

function matches(flag: true | string[] | undefined, type: string): boolean {
  return flag === true || (Array.isArray(flag) && flag.includes(type));
}

export class TestDnsServer {
  private zone: Map<string, NameData> = new Map();
  private server: ReturnType<typeof dns2.createServer> | undefined;
  readonly received: ReceivedQuery[] = [];
  latencyMs: number;
  private ttl: number;
  host = '127.0.0.1';
  port = 0;

  constructor(opts: TestDnsServerOptions = {}) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.ttl = opts.ttl ?? 300;
    if (opts.zone) this.setZone(opts.zone);
  }

  /** "127.0.0.1:port", the value for MXRAY_DNS_SERVERS. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  setZone(zone: Zone): void {
    this.zone = new Map(Object.entries(zone).map(([k, v]) => [norm(k), v]));
  }

  /** Replace (or with `undefined`, delete) one name's data: how tests "fix a record". */
  set(name: string, data: NameData | undefined): void {
    if (data) this.zone.set(norm(name), data);
    else this.zone.delete(norm(name));
  }

  get(name: string): NameData | undefined {
    return this.zone.get(norm(name));
  }

  clearLog(): void {
    this.received.length = 0;
  }

  async start(port = 0): Promise<this> {
    const server = dns2.createServer({
      udp: true,
      tcp: true,
      handle: (request, send, rinfo) => {
        this.handle(request as unknown as Req, send as unknown as (r: unknown) => void, rinfo);
      },
    });
    this.server = server;
    server.on('requestError', () => {});
    await server.listen({ udp: { port, address: this.host, type: 'udp4' }, tcp: { port, address: this.host } } as never);
    const addrs = server.addresses() as { udp?: AddressInfo; tcp?: AddressInfo };
    const udpPort = addrs.udp?.port;
    if (port === 0 && udpPort && addrs.tcp?.port !== udpPort) {
      // UDP and TCP got different ephemeral ports: rebind both on the UDP one so one address serves both.
      await server.close();
      return this.start(udpPort);
    }
    this.port = udpPort ?? port;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) await this.server.close();
    this.server = undefined;
  }

  private handle(request: Req, send: (r: unknown) => void, rinfo: unknown): void {
    const q = request.questions[0];
    const response = Packet.createResponseFromRequest(request as never) as unknown as Resp;
    response.header.ra = 1;
    if (!q) {
      response.header.rcode = RCODE.FORMERR;
      send(response);
      return;
    }
    const name = norm(q.name);
    const type = TYPE_NAMES.get(q.type) ?? `TYPE${q.type}`;
    const isTcp = !!rinfo && typeof (rinfo as { remoteAddress?: string }).remoteAddress === 'string' && !('size' in (rinfo as object));
    const dnssecOk = (request.additionals ?? []).some((a) => a.type === 41 && !!a.doFlag);
    this.received.push({ name, type, protocol: isTcp ? 'tcp' : 'udp', at: Date.now(), ...(dnssecOk ? { dnssecOk } : {}) });
    const data = this.lookupData(name);
    if (data && matches(data.TIMEOUT, type)) return; // never answer
    const delay = this.latencyMs + (data?.LATENCY ?? 0);
    try {
      this.fill(response, name, type, q.type, data, isTcp);
    } catch {
      response.answers = [];
      response.header.rcode = RCODE.SERVFAIL;
    }
    // Encode now and only delay the send: a real resolver's answer costs microseconds, so the
    // injected latency must not also queue up this (slow, pure-JS) encoder's work behind it.
    // UDP answers over 512 bytes stay a Packet so dns2 turns them into a proper TC=1 reply.
    let wire: unknown = response;
    try {
      const buf = (response as unknown as { toBuffer(): Buffer }).toBuffer();
      if (isTcp || buf.length <= 512) wire = buf;
    } catch {
      /* leave it to dns2 */
    }
    const reply = () => {
      try {
        send(wire);
      } catch {
        /* client went away */
      }
    };
    if (delay > 0) setTimeout(reply, delay);
    else reply();
  }

  private lookupData(name: string): NameData | undefined {
    const exact = this.zone.get(name);
    if (exact) return exact;
    // RFC 4592 wildcard: "*.example.com" covers names below example.com that do not exist.
    const labels = name.split('.');
    // Walk up to the closest encloser (the nearest existing ancestor); only its wildcard applies.
    for (let i = 1; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const wild = this.zone.get(`*.${suffix}`);
      if (wild) return wild;
      if (this.nameExists(suffix)) return undefined;
    }
    return undefined;
  }

  private nameExists(name: string): boolean {
    if (this.zone.has(name)) return true;
    for (const k of this.zone.keys()) if (k.endsWith(`.${name}`)) return true; // empty non-terminal
    return false;
  }

  private fill(response: Resp, qname: string, type: string, qtype: number, data: NameData | undefined, isTcp: boolean): void {
    if (data && matches(data.SERVFAIL, type)) {
      response.header.rcode = RCODE.SERVFAIL;
      return;
    }
    if (data?.REFUSED) {
      response.header.rcode = RCODE.REFUSED;
      return;
    }
    if (data?.TRUNCATE && !isTcp) {
      response.header.tc = 1;
      return;
    }
    let name = qname;
    let current = data;
    const seen = new Set<string>();
    // Chase CNAMEs inside our own zone as a recursive resolver would.
    while (current?.CNAME && type !== 'CNAME' && !seen.has(name)) {
      seen.add(name);
      response.answers.push({ name, type: Packet.TYPE.CNAME, class: Packet.CLASS.IN, ttl: current.TTL ?? this.ttl, domain: current.CNAME });
      name = norm(current.CNAME);
      current = this.lookupData(name);
      if (current && matches(current.TIMEOUT, type)) throw new Error('timeout in chain');
    }
    if (!current) {
      // RFC 6604 §3: the rcode speaks of the last name in a CNAME chain, as a recursive resolver answers.
      if (!this.nameExists(name)) response.header.rcode = RCODE.NXDOMAIN;
      this.addSoa(response, name);
      return;
    }
    const ttl = current.TTL ?? this.ttl;
    const base = { name, class: Packet.CLASS.IN, ttl, type: qtype };
    const add = (extra: Record<string, unknown>) => response.answers.push({ ...base, ...extra });
    switch (type) {
      case 'A':
      case 'AAAA':
        for (const address of current[type] ?? []) add({ address });
        break;
      case 'MX':
        for (const [priority, exchange] of current.MX ?? []) add({ priority, exchange });
        break;
      case 'TXT':
      case 'SPF':
        for (const v of current[type] ?? []) add({ data: toCharacterStrings(v) });
        break;
      case 'PTR':
        for (const domain of current.PTR ?? []) add({ domain });
        break;
      case 'NS':
        for (const ns of current.NS ?? []) add({ ns });
        break;
      case 'CNAME':
        if (current.CNAME) add({ domain: current.CNAME });
        break;
      default:
        break;
    }
    if (response.answers.length === 0) this.addSoa(response, name);
  }

  private addSoa(response: Resp, name: string): void {
    const labels = name.split('.');
    const zoneName = labels.slice(-2).join('.');
    response.authorities.push({ name: zoneName, type: Packet.TYPE.SOA, class: Packet.CLASS.IN, ttl: 60, primary: `ns.${zoneName}`, admin: `hostmaster.${zoneName}`, serial: 1, refresh: 3600, retry: 600, expiration: 86400, minimum: 60 });
  }
}

interface Req {
  header: { id: number };
  questions: { name: string; type: number }[];
  additionals?: { type: number; doFlag?: boolean }[];
}
interface Resp {
  header: { rcode: number; tc: number; ra: number };
  answers: Record<string, unknown>[];
  authorities: Record<string, unknown>[];
}
