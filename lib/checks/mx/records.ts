import { isIP } from 'node:net';
import { isQueryableName } from '../../dns/names';
import type { MxData } from '../../dns/types';

/** What an MX exchange field names. */
export type ExchangeKind = 'host' | 'null' | 'ip-literal' | 'invalid';

export interface ParsedMx {
  exchange: string;
  priority: number;
  kind: ExchangeKind;
}

export interface MxSet {
  /** Sorted by preference (lowest first), then by name for a stable order. */
  entries: ParsedMx[];
  /** RFC 7505 §3: exactly one MX, preference 0, exchange "." — the domain accepts no mail. */
  nullMx: boolean;
  /** A null MX published next to other MX records (RFC 7505 §3 forbids it). */
  nullMixed: boolean;
}

/** RFC 5321 §5.1: the exchange must be a host name; an address written there is a misconfiguration. */
export function classifyExchange(exchange: string): ExchangeKind {
  const name = exchange.trim().replace(/\.$/, '');
  if (name === '') return 'null';
  if (isIP(name) || /^\[.*\]$/.test(name) || /^\d+(\.\d+){3}$/.test(name)) return 'ip-literal';
  if (!isQueryableName(name)) return 'invalid';
  return 'host';
}

/** Pure: order the MX records as a sender tries them and spot null MX. */
export function parseMxRecords(records: MxData[]): MxSet {
  const entries = records
    .map((r) => ({ exchange: r.exchange.toLowerCase().replace(/\.$/, ''), priority: r.priority, kind: classifyExchange(r.exchange) }))
    .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
  const nulls = entries.filter((e) => e.kind === 'null');
  return {
    entries,
    nullMx: nulls.length > 0 && entries.length === nulls.length,
    nullMixed: nulls.length > 0 && entries.length > nulls.length,
  };
}

/**
 * Does the domain send mail? An SPF record that authorises anything says so; "v=spf1 -all" (or no
 * SPF at all) says it does not. Used to decide whether a null MX is a problem (RFC 7505 §4.2:
 * receivers may reject mail whose reverse-path domain has a null MX).
 */
export function spfSaysSending(txt: string[][]): boolean {
  const spf = txt.map((s) => s.join('').trim()).filter((t) => /^v=spf1(\s|$)/i.test(t));
  if (spf.length === 0) return false;
  return spf.some((t) => !/^v=spf1\s+-all\s*$/i.test(t.replace(/\s+/g, ' ')));
}
