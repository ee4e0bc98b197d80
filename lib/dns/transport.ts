import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
// dns2 encodes and decodes the wire format; sockets are ours so that every
// exchange, TCP included, has a deadline (dns2's TCP client has none).
import { Packet } from 'dns2';
import { typeCode } from './records';
import type { DnsServerAddress, RRType } from './types';

export interface WireResponse {
  packet: DnsPacket;
  protocol: 'udp' | 'tcp' | 'udp→tcp';
}

/** The part of dns2's Packet we read. */
export interface DnsPacket {
  header: { id: number; rcode: number; tc: number; qr: number; ad?: number };
  questions: { name: string; type: number }[];
  answers: RawResource[];
  authorities: RawResource[];
}

export interface RawResource {
  name: string;
  type: number;
  ttl: number;
  address?: string;
  domain?: string;
  ns?: string;
  data?: unknown;
  exchange?: string;
  priority?: number;
  primary?: string;
  admin?: string;
  serial?: number;
  minimum?: number;
}

export class TransportError extends Error {
  constructor(readonly kind: 'timeout' | 'network' | 'malformed', message: string) {
    super(message);
  }
}

/**
 * Header bits for DNSSEC questions; plain questions send neither (and no EDNS record).
 * dnssecOk: RFC 4035 §3.2.1, the DO bit in an EDNS OPT record, so the resolver reports AD.
 * checkingDisabled: RFC 4035 §3.2.2, the CD bit: answer without validating (tells bogus data
 * apart from a server that is down).
 */
export interface QueryFlags {
  dnssecOk?: boolean;
  checkingDisabled?: boolean;
}

function buildQuery(name: string, type: RRType, flags: QueryFlags = {}): { id: number; buf: Buffer } {
  const query = new Packet();
  const id = randomInt(0x10000);
  query.header.id = id;
  query.header.rd = 1;
  query.questions.push({ name, type: typeCode(type), class: Packet.CLASS.IN } as unknown as (typeof query.questions)[number]);
  if (flags.checkingDisabled) (query.header as { cd?: number }).cd = 1;
  // dns2's typings omit EDNS's options argument, which carries the DO bit.
  const edns = Packet.Resource.EDNS as unknown as (rdata: object[], opts: { doFlag: boolean }) => (typeof query.additionals)[number];
  if (flags.dnssecOk) query.additionals.push(edns([], { doFlag: true }));
  return { id, buf: query.toBuffer() };
}

function parse(buf: Buffer): DnsPacket {
  try {
    return Packet.parse(buf) as unknown as DnsPacket;
  } catch (e) {
    throw new TransportError('malformed', `undecodable DNS answer: ${(e as Error).message}`);
  }
}

export function udpExchange(server: DnsServerAddress, name: string, type: RRType, deadlineMs: number, flags?: QueryFlags): Promise<DnsPacket> {
  const { id, buf } = buildQuery(name, type, flags);
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  return new Promise<DnsPacket>((resolve, reject) => {
    let done = false;
    const finish = (err: Error | null, packet?: DnsPacket) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(packet!);
    };
    const timer = setTimeout(() => finish(new TransportError('timeout', `no UDP answer from ${server.host}:${server.port} within ${deadlineMs} ms`)), deadlineMs);
    socket.on('error', (e) => finish(new TransportError('network', `UDP to ${server.host}:${server.port}: ${e.message}`)));
    socket.on('message', (msg, rinfo) => {
      if (rinfo.port !== server.port) return; // not from our server: ignore (spoofing guard)
      let packet: DnsPacket;
      try {
        packet = parse(msg);
      } catch (e) {
        // A truncated datagram may not even parse; if the TC bit is set treat it as truncation.
        if (msg.length >= 4 && (msg[2]! & 0x02) && msg.readUInt16BE(0) === id) {
          finish(null, { header: { id, rcode: 0, tc: 1, qr: 1 }, questions: [], answers: [], authorities: [] });
          return;
        }
        finish(e as Error);
        return;
      }
      if (packet.header.id !== id) return; // stray or late reply to an earlier query
      finish(null, packet);
    });
    socket.send(buf, server.port, server.host, (e) => {
      if (e) finish(new TransportError('network', `UDP to ${server.host}:${server.port}: ${e.message}`));
    });
  });
}

/** RFC 7766: DNS over TCP, two-byte length prefix. */
export function tcpExchange(server: DnsServerAddress, name: string, type: RRType, deadlineMs: number, flags?: QueryFlags): Promise<DnsPacket> {
  const { id, buf } = buildQuery(name, type, flags);
  return new Promise<DnsPacket>((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let done = false;
    let chunks = Buffer.alloc(0);
    const finish = (err: Error | null, packet?: DnsPacket) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(packet!);
    };
    const timer = setTimeout(() => finish(new TransportError('timeout', `no TCP answer from ${server.host}:${server.port} within ${deadlineMs} ms`)), deadlineMs);
    socket.on('error', (e) => finish(new TransportError('network', `TCP to ${server.host}:${server.port}: ${e.message}`)));
    socket.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(buf.length);
      socket.write(Buffer.concat([len, buf]));
    });
    socket.on('data', (d) => {
      chunks = Buffer.concat([chunks, d]);
      if (chunks.length > 70_000) return finish(new TransportError('malformed', 'TCP answer larger than a DNS message can be'));
      if (chunks.length < 2) return;
      const want = chunks.readUInt16BE(0);
      if (chunks.length < 2 + want) return;
      try {
        const packet = parse(chunks.subarray(2, 2 + want));
        if (packet.header.id !== id) return finish(new TransportError('malformed', 'TCP answer with a mismatched id'));
        finish(null, packet);
      } catch (e) {
        finish(e as Error);
      }
    });
    socket.on('end', () => finish(new TransportError('network', `TCP connection to ${server.host}:${server.port} closed before a full answer`)));
  });
}

/** UDP first; RFC 1035 §4.2.1 / RFC 7766: on a truncated (TC) answer ask again over TCP. */
export async function exchange(server: DnsServerAddress, name: string, type: RRType, deadlineMs: number, flags?: QueryFlags): Promise<WireResponse> {
  const started = Date.now();
  const udp = await udpExchange(server, name, type, deadlineMs, flags);
  if (!udp.header.tc) return { packet: udp, protocol: 'udp' };
  const left = Math.max(1, deadlineMs - (Date.now() - started));
  const tcp = await tcpExchange(server, name, type, left, flags);
  return { packet: tcp, protocol: 'udp→tcp' };
}
