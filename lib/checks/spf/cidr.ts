/** Prefix matching for ip4/ip6/a/mx (RFC 7208 §5.6). Pure. */
import { isIP } from 'node:net';
import { expandIpv6 } from '../../dns/ip';

function toBigInt(ip: string): { version: 4 | 6; value: bigint } | undefined {
  const v = isIP(ip);
  if (v === 4) return { version: 4, value: ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n) };
  if (v === 6) return { version: 6, value: BigInt(`0x${expandIpv6(ip).replace(/:/g, '')}`) };
  return undefined;
}

/** True when `ip` lies in `network`/`prefix`; addresses of different families never match. */
export function inNetwork(ip: string, network: string, prefix: number): boolean {
  const a = toBigInt(ip);
  const b = toBigInt(network);
  if (!a || !b || a.version !== b.version) return false;
  const bits = a.version === 4 ? 32 : 128;
  const shift = BigInt(bits - Math.min(prefix, bits));
  return a.value >> shift === b.value >> shift;
}

/** RFC 7208 §7.3: %{i} of an IPv6 address is its 32 nibbles, dot-separated. */
export function ipNibbles(ip: string): string {
  return expandIpv6(ip).replace(/:/g, '').toUpperCase().split('').join('.');
}
