/**
 * SPF record text → typed terms (RFC 7208 §4.6, §5, §6, appendix A). Pure. Every syntax error is
 * collected with its position and a sentence, because §4.6 makes any error anywhere a permerror.
 */
import { isIPv6 } from 'node:net';
import { describeChar, parseDomainSpec, parseMacroString } from './macro';
import type { Mechanism, MechanismKind, Modifier, ParsedRecord, Qualifier, SpfSyntaxError, Term } from './types';

const KINDS: ReadonlySet<string> = new Set<MechanismKind>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const VERSION = /^v=spf1(?: |$)/i;
// RFC 7208 §4.6.1: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ), then "=".
const MODIFIER = /^([a-z][a-z0-9_.-]*)=(.*)$/is;
// RFC 7208 §5.6: ip4-network with no leading zeros; ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT).
const QNUM = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IP4 = new RegExp(`^(${QNUM}\\.${QNUM}\\.${QNUM}\\.${QNUM})(?:/(0|[1-9]\\d?))?$`);
const DUAL_CIDR = /^(.*?)(?:\/(0|[1-9]\d?))?(?:\/\/(0|[1-9]\d{0,2}))?$/s;

/** Does this TXT string (character-strings joined) claim to be an SPF record? RFC 7208 §4.5. */
export function isSpfRecord(text: string): boolean {
  return VERSION.test(text);
}

/** The SP-separated words of `text` from `from` on, with where each starts. */
function* spaceSeparated(text: string, from: number): Generator<{ raw: string; position: number }> {
  let i = from;
  for (;;) {
    while (text.charCodeAt(i) === 0x20) i++;
    if (i >= text.length) return;
    const end = text.indexOf(' ', i);
    const stop = end < 0 ? text.length : end;
    yield { raw: text.slice(i, stop), position: i };
    i = stop;
  }
}

/** Parse a record that starts with "v=spf1". */
export function parseRecord(text: string): ParsedRecord {
  const errors: SpfSyntaxError[] = [];
  const terms: Term[] = [];
  if (!isSpfRecord(text)) {
    return { text, terms, errors: [{ position: 0, term: text.slice(0, 10), message: 'an SPF record must start with "v=spf1" followed by a space' }] };
  }
  let redirect: Modifier | undefined;
  let exp: Modifier | undefined;
  // RFC 7208 §4.6.1: terms are separated by one or more SP (and only SP). Split by index: the
  // regex / *([^ ]+)/g rescanned a long trailing run of spaces from each of its positions.
  for (const { raw, position } of spaceSeparated(text, 6)) {
    const fail = (message: string) => errors.push({ position, term: raw, message });
    const bad = [...raw].find((c) => c.charCodeAt(0) < 0x21 || c.charCodeAt(0) > 0x7e);
    if (bad) {
      fail(`"${printable(raw)}" contains the character ${describeChar(bad)}; SPF records may contain only printable ASCII separated by spaces`);
      continue;
    }
    const mod = MODIFIER.exec(raw);
    if (mod) {
      const modifier = parseModifier(mod[1]!.toLowerCase(), mod[2]!, raw, position, fail);
      if (!modifier) continue;
      if (modifier.name === 'redirect' || modifier.name === 'exp') {
        // RFC 7208 §6: redirect and exp may each appear at most once.
        if ((modifier.name === 'redirect' ? redirect : exp) !== undefined) {
          fail(`"${modifier.name}=" appears more than once; it may appear only once per record`);
          continue;
        }
        if (modifier.name === 'redirect') redirect = modifier;
        else exp = modifier;
      }
      terms.push(modifier);
      continue;
    }
    const mech = parseMechanism(raw, position, fail);
    if (mech) terms.push(mech);
  }
  return { text, terms, errors, ...(redirect ? { redirect } : {}), ...(exp ? { exp } : {}) };
}

function parseModifier(name: string, value: string, text: string, position: number, fail: (m: string) => void): Modifier | undefined {
  if (name === 'redirect' || name === 'exp') {
    const spec = parseDomainSpec(value);
    if (!spec.ok) {
      fail(value === '' ? `"${name}=" needs a domain name` : `"${text}": ${spec.message}`);
      return undefined;
    }
  } else {
    // RFC 7208 §6: unknown modifiers are ignored, but their value must still be a valid macro-string.
    const ms = parseMacroString(value, true);
    if (!ms.ok) {
      fail(`"${text}": ${ms.message}`);
      return undefined;
    }
  }
  return { type: 'modifier', name, value, text, position };
}

function parseMechanism(text: string, position: number, fail: (m: string) => void): Mechanism | undefined {
  let qualifier: Qualifier = '+';
  let rest = text;
  if ('+-~?'.includes(rest[0]!)) {
    qualifier = rest[0] as Qualifier;
    rest = rest.slice(1);
  }
  const nm = /^([a-z0-9]*)(.*)$/is.exec(rest)!;
  const name = nm[1]!.toLowerCase();
  const arg = nm[2]!;
  if (!KINDS.has(name)) {
    if (name === 'redirect' || name === 'exp') fail(`"${text}": ${name} is a modifier and is written "${name}=", not "${name}:"`);
    else if (name === '') fail(`"${text}" is neither a mechanism nor a modifier`);
    else fail(`"${text}": "${name}" is not an SPF mechanism (known: all, include, a, mx, ptr, ip4, ip6, exists)`);
    return undefined;
  }
  const kind = name as MechanismKind;
  const base: Mechanism = { type: 'mechanism', kind, qualifier, text, position };
  switch (kind) {
    case 'all':
      if (arg !== '') {
        fail(`"${text}": "all" takes no argument`);
        return undefined;
      }
      return base;
    case 'include':
    case 'exists': {
      if (!arg.startsWith(':') || arg === ':') {
        fail(`"${text}": ${kind} needs a domain, written ${kind}:example.com`);
        return undefined;
      }
      const spec = arg.slice(1);
      const parsed = parseDomainSpec(spec);
      if (!parsed.ok) {
        fail(/\/\d+$/.test(spec) ? `"${text}": ${kind} takes no prefix length` : `"${text}": ${parsed.message}`);
        return undefined;
      }
      return { ...base, domainSpec: spec };
    }
    case 'ptr': {
      if (arg === '') return base;
      if (!arg.startsWith(':') || arg === ':') {
        fail(arg === ':' ? `"${text}": the domain after "ptr:" is missing` : `"${text}": ptr takes no prefix length`);
        return undefined;
      }
      const spec = arg.slice(1);
      const parsed = parseDomainSpec(spec);
      if (!parsed.ok) {
        fail(`"${text}": ${parsed.message}`);
        return undefined;
      }
      return { ...base, domainSpec: spec };
    }
    case 'a':
    case 'mx': {
      const m = DUAL_CIDR.exec(arg)!;
      const head = m[1]!;
      const cidr4 = m[2] !== undefined ? Number(m[2]) : undefined;
      const cidr6 = m[3] !== undefined ? Number(m[3]) : undefined;
      if (head !== '' && !head.startsWith(':')) {
        fail(`"${text}": expected "${kind}:domain" or a prefix length such as "${kind}/24" or "${kind}/24//64"`);
        return undefined;
      }
      if (cidr4 !== undefined && cidr4 > 32) return void fail(`"${text}": an IPv4 prefix length is at most 32`);
      if (cidr6 !== undefined && cidr6 > 128) return void fail(`"${text}": an IPv6 prefix length is at most 128`);
      const out: Mechanism = { ...base, ...(cidr4 !== undefined ? { cidr4 } : {}), ...(cidr6 !== undefined ? { cidr6 } : {}) };
      if (head === '') return out;
      const spec = head.slice(1);
      const parsed = parseDomainSpec(spec);
      if (!parsed.ok) {
        fail(spec === '' ? `"${text}": the domain after "${kind}:" is missing` : `"${text}": ${parsed.message}`);
        return undefined;
      }
      return { ...out, domainSpec: spec };
    }
    case 'ip4': {
      const m = arg.startsWith(':') ? IP4.exec(arg.slice(1)) : null;
      if (!m) {
        fail(`"${text}": expected ip4:<IPv4 address>[/<prefix length>], e.g. ip4:192.0.2.0/24`);
        return undefined;
      }
      const cidr4 = m[2] !== undefined ? Number(m[2]) : undefined;
      if (cidr4 !== undefined && cidr4 > 32) return void fail(`"${text}": an IPv4 prefix length is at most 32`);
      return { ...base, network: m[1]!, ...(cidr4 !== undefined ? { cidr4 } : {}) };
    }
    case 'ip6': {
      const m = arg.startsWith(':') ? /^(.+?)(?:\/(0|[1-9]\d{0,2}))?$/s.exec(arg.slice(1)) : null;
      if (!m || m[1]!.includes('%') || !isIPv6(m[1]!)) {
        fail(`"${text}": expected ip6:<IPv6 address>[/<prefix length>], e.g. ip6:2001:db8::/32`);
        return undefined;
      }
      const cidr6 = m[2] !== undefined ? Number(m[2]) : undefined;
      if (cidr6 !== undefined && cidr6 > 128) return void fail(`"${text}": an IPv6 prefix length is at most 128`);
      return { ...base, network: m[1]!, ...(cidr6 !== undefined ? { cidr6 } : {}) };
    }
  }
}

function printable(s: string): string {
  return s.replace(/[^\x21-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Terms in record order written back as text (for suggested records). */
export function formatTerms(terms: Term[]): string {
  return ['v=spf1', ...terms.map((t) => t.text)].join(' ');
}
