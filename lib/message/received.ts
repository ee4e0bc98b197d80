/**
 * Received header parsing (RFC 5321 §4.4 "Time-stamp-line", RFC 5322 §3.6.7) into hops.
 * MTAs write these in many dialects (Postfix, Exim, sendmail, qmail, Exchange, Gmail, …); we read
 * the clauses (from, by, via, with, id, for), the connecting IP and reverse-DNS name from the
 * from-clause comments, TLS hints, and the date after the last ";". Pure and linear; never throws.
 */
import { isIP } from 'node:net';
import type { Hop } from './types';
import { readComment, replaceParenGroups } from './comment';

export interface ReceivedInfo {
  from?: string;
  rdns?: string;
  ip?: string;
  by?: string;
  via?: string;
  with?: string;
  id?: string;
  for?: string;
  envelopeFrom?: string;
  tls?: string;
  /** Epoch ms of the stamp, when the date parses. */
  time?: number;
  /** The date text as written. */
  dateText?: string;
}

type Tok = { kind: 'word' | 'comment' | 'literal'; v: string };

const MAX_CHARS = 16 * 1024;
const KEYWORDS = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      const { text, end } = readComment(s, i);
      i = end;
      out.push({ kind: 'comment', v: text.trim() });
      continue;
    }
    if (c === '[') {
      const j = s.indexOf(']', i);
      const end = j < 0 ? s.length : j + 1;
      out.push({ kind: 'literal', v: s.slice(i, end) });
      i = end;
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s(]/.test(s[j]!)) j++;
    // "[1.2.3.4]:port" or "host.example;" — keep the word whole; trailing ";" or "," is punctuation.
    out.push({ kind: 'word', v: s.slice(i, j).replace(/[;,]+$/, '') });
    i = j;
  }
  return out;
}

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/;

/** An IP address written as [1.2.3.4], [IPv6:…], (1.2.3.4), user@1.2.3.4, 1.2.3.4:port, ::ffff:1.2.3.4. */
export function findIp(text: string): string | undefined {
  for (const m of text.matchAll(/\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]/g)) {
    const ip = cleanIp(m[1]!);
    if (ip) return ip;
  }
  const v4 = IPV4.exec(text);
  if (v4) return v4[0];
  for (const m of text.matchAll(/(?:^|[\s(@])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?=$|[\s)\]])/g)) {
    const ip = cleanIp(m[1]!);
    if (ip) return ip;
  }
  return undefined;
}

function cleanIp(s: string): string | undefined {
  let v = s.replace(/^IPv6:/i, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
  if (mapped) v = mapped[1]!;
  if (isIP(v)) return v.toLowerCase();
  // "63.251.66.24.63559" (port glued with a dot), "1.2.3.4:port"
  const v4 = IPV4.exec(v);
  return v4 ? v4[0] : undefined;
}

/** Parse one Received value (without "Received:"). */
export function parseReceived(value: string): ReceivedInfo {
  const s = (value.length > MAX_CHARS ? value.slice(0, MAX_CHARS) : value).replace(/\s+/g, ' ').trim();
  const out: ReceivedInfo = {};
  // RFC 5321: the date-time follows the last ";".
  const semi = s.lastIndexOf(';');
  let clauses = s;
  if (semi >= 0) {
    out.dateText = s.slice(semi + 1).trim();
    clauses = s.slice(0, semi);
  } else {
    // The zone comment is bounded ({0,200}): unbounded, every date-like start rescanned to the end.
    const tail =
      /((?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[+-]\d{4}|[A-Z]{1,5})?(?:\s*\([^)]{0,200}\))?)\s*$/.exec(s) ??
      /(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?\s*(?:[+-]\d{4}|Z)?(?:\s*[A-Z]{2,5})?)\s*$/.exec(s);
    if (tail) {
      out.dateText = tail[1]!.trim();
      clauses = s.slice(0, tail.index);
    }
  }
  if (out.dateText) {
    const t = parseDate(out.dateText);
    if (t !== undefined) out.time = t;
  }
  const toks = tokenize(clauses);
  // Some gateways wrap the from-clause in a comment: "(from KRYPTIK [1.2.3.4]) by …".
  const lead = toks[0];
  if (lead?.kind === 'comment' && /^from\s/i.test(lead.v)) toks.splice(0, 1, ...tokenize(lead.v));
  const clauseText: Record<string, string[]> = {};
  let current: string | undefined;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    const lower = tok.kind === 'word' ? tok.v.toLowerCase() : '';
    if (tok.kind === 'word' && KEYWORDS.has(lower) && toks[i + 1] && (current !== lower || lower === 'from')) {
      const nextTok = toks[i + 1]!;
      // "for <a@b>" / "from <x>" inside a clause also read as keywords; a keyword needs a value word next.
      if (nextTok.kind !== 'comment' || lower === 'from') {
        current = lower;
        if (lower === 'from' && clauseText.from && clauseText.by) {
          // XMail's trailing "from <bounce@…>" is the envelope sender, not a second from-clause.
          out.envelopeFrom ??= stripAngle(valueWord(nextTok));
          current = 'from-envelope';
          i++;
          continue;
        }
        if (!(lower in clauseText)) {
          clauseText[lower] = [];
          if (nextTok.kind !== 'comment') {
            setClause(out, lower, nextTok.v);
            i++;
          }
        } else current = `${lower}-extra`;
        continue;
      }
    }
    if (tok.kind === 'word' && /^envelope-(from|sender)$/i.test(tok.v) && toks[i + 1]) {
      out.envelopeFrom ??= stripAngle(toks[i + 1]!.v);
      i++;
      continue;
    }
    if (current && current in clauseText) clauseText[current]!.push(tok.kind === 'comment' ? `(${tok.v})` : tok.v);
    else if (tok.kind === 'comment') (clauseText._ ??= []).push(`(${tok.v})`);
    if (tok.kind === 'comment') {
      const env = /envelope-(?:from|sender)\s*<?([^\s<>,)]+)>?/i.exec(tok.v);
      if (env) out.envelopeFrom ??= env[1];
    }
  }
  // Exchange writes "with Microsoft SMTP Server (version=…)": keep the product name whole.
  if (out.with === 'Microsoft' && /\bwith Microsoft SMTP Server\b/i.test(clauses)) out.with = 'Microsoft SMTP Server';
  if (out.from || clauseText.from) {
    const fromExtra = (clauseText.from ?? []).join(' ');
    readFromClause(out, fromExtra);
  }
  // TLS hints anywhere: sendmail/Postfix comments, Exchange "(version=TLS1_2, cipher=…)", ESMTPS.
  const tlsComment = /\b(?:version=(TLS[^\s,;)]*|SSL[^\s,;)]*)|using (TLSv?[\d.]+)[^)]*|(TLS1_\d)|TLSv?1(?:\.\d)?:[A-Z0-9_-]+|(TLS-1\.\d)|\(?(TLS1\.[0-3])\)?)/i.exec(s);
  const cipher = /cipher=([A-Za-z0-9_-]+)/i.exec(s);
  const withS = out.with && /^(E?SMTPS|ESMTPSA|UTF8SMTPS|UTF8SMTPSA|LMTPS|SMTPS)$/i.test(out.with);
  if (tlsComment || cipher || withS) {
    const version = tlsComment ? (tlsComment[1] ?? tlsComment[2] ?? tlsComment[3] ?? tlsComment[4] ?? tlsComment[5] ?? tlsComment[0]).replace(/^\(|\)$/g, '') : undefined;
    out.tls = [version, cipher?.[1]].filter(Boolean).join(' ') || `TLS (with ${out.with})`;
  }
  return out;
}

function valueWord(t: Tok): string {
  return t.kind === 'literal' ? t.v : t.v;
}

function stripAngle(v: string): string {
  return v.replace(/^<|>[,;]?$/g, '').replace(/[,;]$/, '');
}

function setClause(out: ReceivedInfo, key: string, raw: string): void {
  const v = raw.replace(/[;,]$/, '');
  switch (key) {
    case 'from':
      out.from = v;
      break;
    case 'by':
      out.by = v.replace(/\.$/, '');
      break;
    case 'via':
      out.via = v;
      break;
    case 'with':
      out.with = v;
      break;
    case 'id':
      out.id = stripAngle(v);
      break;
    case 'for':
      out.for = stripAngle(v);
      break;
  }
}

/** The from-clause: "helo (rdns [ip])", "[ip] (HELO x)", "helo (HELO y) (user@ip)", "host ([ip]:port helo=x)". */
function readFromClause(out: ReceivedInfo, extra: string): void {
  const from = out.from ?? '';
  const text = `${from} ${extra}`;
  // The HELO argument is the client's claim, not its address: look for the IP elsewhere first.
  const ip = findIp(extra.replace(/\b(?:HELO|EHLO|LHLO)[ =]\S*/gi, ' ').replace(/\bhelo=\S*/gi, ' ')) ?? findIp(from) ?? findIp(extra);
  if (ip) out.ip = ip;
  const helo = /\b(?:HELO|EHLO|LHLO)[ =]([^\s()]*)/i.exec(extra) ?? /\bhelo=([^\s()]+)/i.exec(extra) ?? /claiming to be "?([^\s"]+)"?/.exec(extra);
  const literalFrom = /^\[[^\]]*\]$/.test(from) || (from !== '' && isIP(from.replace(/:\d+$/, '')) !== 0);
  if (helo) {
    // The name in "(HELO x)" is what the client said; the word after "from" is then usually rDNS.
    if (from && !literalFrom && !/^unknown$/i.test(from)) out.rdns = from.replace(/\($/, '');
    out.from = helo[1]!.replace(/^\[|\]$/g, '') || undefined;
    if (!out.from) delete out.from;
  } else if (literalFrom) {
    out.from = from.replace(/^\[|\]$/g, '');
  }
  // "(rdns [ip])": the name before the bracketed IP is what the receiver looked up.
  const rdns = /\(\s*([A-Za-z0-9._-]+\.[A-Za-z]{2,})\.?\s*\[/.exec(text) ?? /\(([A-Za-z0-9._-]+\.[A-Za-z]{2,})\)\s*$/.exec(extra.trim());
  if (rdns && !/^unknown$/i.test(rdns[1]!)) out.rdns = rdns[1]!.replace(/\.$/, '');
  if (out.from) out.from = out.from.replace(/\.$/, '').replace(/\($/, '');
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
// RFC 5322 §4.3 obsolete zones; military zones are treated as unknown (+0000).
const ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7, CET: 1, CEST: 2, BST: 1, JST: 9 };

/** RFC 5322 date-time (and common obsolete forms) → epoch ms; undefined when it does not parse. */
export function parseDate(text: string): number | undefined {
  const s = replaceParenGroups(text, ' ').replace(/\s+/g, ' ').trim();
  const m = /(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{2,4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{4}|[A-Za-z]{1,5})?/.exec(s);
  let day: number, mon: number | undefined, year: number, hh: number, mm: number, ss: number, zone: string | undefined;
  let iso: RegExpExecArray | null;
  if (m) {
    day = Number(m[1]);
    mon = MONTHS[m[2]!.toLowerCase()];
    year = Number(m[3]);
    hh = Number(m[4]);
    mm = Number(m[5]);
    ss = Number(m[6] ?? 0);
    zone = m[7];
  } else if ((iso = /(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s*([+-]\d{4}|Z)?/.exec(s))) {
    // ISO-style stamps some MTAs write ("2018-03-26 13:35:36.27 +0000 UTC")
    year = Number(iso[1]);
    mon = Number(iso[2]) - 1;
    day = Number(iso[3]);
    hh = Number(iso[4]);
    mm = Number(iso[5]);
    ss = Number(iso[6]);
    zone = iso[7];
  } else {
    // asctime style: "Sun Nov 13 14:50:12 2005"
    const a = /([A-Za-z]{3}) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (\d{4})/.exec(s);
    if (!a) return lenientDate(s);
    mon = MONTHS[a[1]!.toLowerCase()];
    day = Number(a[2]);
    hh = Number(a[3]);
    mm = Number(a[4]);
    ss = Number(a[5]);
    year = Number(a[6]);
    zone = undefined;
  }
  if (mon === undefined || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  // RFC 5322 §4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx.
  if (year < 50) year += 2000;
  else if (year < 100) year += 1900;
  let offsetMin = 0;
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    offsetMin = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone) {
    offsetMin = (ZONES[zone.toUpperCase()] ?? 0) * 60;
  }
  const t = Date.UTC(year, mon, day, hh, mm, ss) - offsetMin * 60_000;
  return Number.isFinite(t) ? t : undefined;
}

/** Last resort for broken stamps ("4/20/2018 11:01:36 PM"): the JS date parser, read as UTC when no zone is given. */
function lenientDate(s: string): number | undefined {
  if (s.length > 100 || !/\d{4}/.test(s)) return undefined;
  const t = Date.parse(/[+-]\d{4}\b|\b(?:UTC|GMT|Z)\b/.test(s) ? s : `${s} UTC`);
  if (!Number.isFinite(t)) return undefined;
  const year = new Date(t).getUTCFullYear();
  return year >= 1980 && year <= 2100 ? t : undefined;
}

/** A later hop stamped this much earlier than the one before it points at a wrong clock, not at time travel. */
export const CLOCK_SKEW_SECONDS = 180;

/**
 * Received values in header order (newest first, as each MTA prepends its own) → hops in
 * chronological order with the delay since the previous timestamped hop.
 */
export function buildHops(receivedValues: string[]): { hops: Hop[]; parsed: ReceivedInfo[] } {
  const parsed = receivedValues.map(parseReceived);
  const chronological = [...parsed].reverse();
  const hops: Hop[] = [];
  let prevTime: number | undefined;
  for (const r of chronological) {
    const hop: Hop = {};
    if (r.from) hop.from = r.from;
    if (r.by) hop.by = r.by;
    if (r.with) hop.with = r.with;
    if (r.ip) hop.ip = r.ip;
    if (r.rdns && r.rdns !== r.from) hop.rdns = r.rdns;
    if (r.tls) hop.tls = r.tls;
    if (r.id) hop.id = r.id;
    if (r.for) hop.for = r.for;
    if (r.time !== undefined) {
      hop.at = new Date(r.time).toISOString();
      if (prevTime !== undefined) {
        hop.delaySeconds = Math.round((r.time - prevTime) / 1000);
        if (hop.delaySeconds < -CLOCK_SKEW_SECONDS) {
          (hop.warnings ??= []).push(`stamped ${formatDuration(-hop.delaySeconds)} earlier than the hop before it: one of the two servers' clocks is wrong`);
        }
      }
      prevTime = r.time;
    } else if (r.dateText) {
      (hop.warnings ??= []).push(`date "${r.dateText.slice(0, 60)}" could not be read`);
    }
    hops.push(hop);
  }
  return { hops, parsed };
}

export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
