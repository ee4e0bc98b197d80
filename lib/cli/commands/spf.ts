import { parse, UsageError, type Io } from '../args';
import { USAGE } from '../usage';
import { formatCheck } from '../print';
import { checkSpf, type SpfData } from '../../checks/spf';
import { runCheck } from '../../checks/run';
import { zoneText } from '../../checks/spf/suggest';
import type { SpfTreeNode } from '../../checks/spf/types';
import { normalizeDomain } from '../../dns/names';
import { normalizeIp } from '../../dns/ip';
import { isIP } from 'node:net';
import { validTargetName } from '../../checks/spf/fetch';
import { InputError } from '../../report/domain-check';
import { createCheckContext } from '../../report/context';

export const usage = USAGE['spf'];

/** Verdicts that mean mail from this IP is not authorised (exit code 1). */
const FAILING = new Set(['fail', 'softfail', 'permerror']);

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    ip: { type: 'string' },
    sender: { type: 'string' },
    helo: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 1) throw new UsageError('expected one domain');
  const input = validate(positionals[0] ?? envelopeDomain(values), values);
  const ctx = createCheckContext();
  const started = Date.now();
  const check = await runCheck('spf', 'SPF', ctx, (c) => checkSpf(c, input));
  const data = check.data as SpfData | undefined;
  const dns = { queries: ctx.dns.stats.queries, servers: ctx.dns.config.servers.map((s) => `${s.host}:${s.port}`), ms: Date.now() - started };
  if (values.json) {
    io.out(JSON.stringify({
      domain: input.domain,
      note: input.note ?? null,
      ip: input.ip ?? null,
      sender: input.sender ?? null,
      helo: input.helo ?? null,
      result: data?.result ?? null,
      explanation: data?.explanation ?? null,
      reason: data?.reason ?? null,
      status: check.status,
      summary: check.summary,
      lookups: data?.lookups ?? null,
      voidLookups: data?.voidLookups ?? null,
      evaluated: data?.evaluated ?? null,
      tree: data?.tree ?? null,
      findings: check.findings,
      fix: check.fix ?? null,
      records: check.records,
      dns,
    }, null, 2));
  } else {
    const verdict = data?.result ? ` — ${input.ip} → ${data.result.toUpperCase()}` : '';
    io.out(`mxray spf ${input.domain}${verdict}`);
    if (input.note) io.out(`  note: ${input.note}`);
    if (data?.reason) io.out(`  ${data.reason}`);
    if (data?.explanation) io.out(`  explanation (exp=): ${data.explanation}`);
    if (data) {
      io.out('');
      io.out(formatTree(data.tree).join('\n'));
      io.out('');
    }
    io.out(formatCheck(check, io.color));
    // A record over 255 bytes must be published as several strings: show them as a zone file does.
    for (const r of check.fix?.records ?? []) if (r.strings && r.strings.length > 1) io.out(`      as ${r.strings.length} strings: ${zoneText(r.strings)}`);
    io.out(`\n${dns.queries} DNS quer${dns.queries === 1 ? 'y' : 'ies'} to ${dns.servers.join(', ')} in ${dns.ms} ms`);
  }
  if (data?.result) return FAILING.has(data.result) ? 1 : 0;
  return check.status === 'fail' ? 1 : 0;
}

function validate(domainArg: string, v: { ip?: string; sender?: string; helo?: string }) {
  const checked = checkedName(domainArg, 'domain');
  let ip: string | undefined;
  if (v.ip !== undefined) {
    const r = normalizeIp(v.ip);
    if (!r.ok) throw new InputError('ip', r.error);
    ip = r.ip;
  }
  if ((v.sender !== undefined || v.helo !== undefined) && !ip) throw new UsageError('--sender and --helo only matter for a verdict; give --ip too');
  let sender: string | undefined;
  if (v.sender !== undefined) {
    const s = v.sender.trim().replace(/^<(.*)>$/, '$1');
    if (s !== '') {
      const at = s.lastIndexOf('@');
      if (at < 0) throw new InputError('sender', `"${s.slice(0, 80)}" is not an email address (expected local@domain, or "" for the null sender)`);
      const sd = checkedName(s.slice(at + 1), 'sender domain');
      sender = `${s.slice(0, at)}@${sd.name}`;
    } else sender = '';
  }
  let helo: string | undefined;
  if (v.helo !== undefined) {
    // Only a macro value (%{h}) unless the sender is null: whatever a client really sent, spaces
    // included, is evaluated as received (RFC 7208 §7.3); control characters are not a HELO.
    helo = v.helo.trim();
    if (helo === '' || helo.length > 255 || /[\x00-\x1f\x7f]/.test(helo)) throw new InputError('helo', `"${JSON.stringify(helo.slice(0, 80)).slice(1, -1)}" is not a HELO name (what the client sent after HELO/EHLO, e.g. mail.example.com)`);
  }
  if (checked.note && !ip) throw new InputError('domain', `${checked.note}; give --ip to see the verdict RFC 7208 gives such an envelope (none)`);
  return { domain: checked.name, ...(checked.note ? { note: checked.note } : {}), ...(ip ? { ip } : {}), ...(sender !== undefined ? { sender } : {}), ...(helo ? { helo } : {}) };
}

/**
 * RFC 7208 §2.3, §2.4: with no domain named, check what a receiver checks for this envelope: the
 * MAIL FROM domain, or the HELO name when the sender is null (a HELO-only check).
 */
function envelopeDomain(v: { sender?: string; helo?: string }): string {
  const sender = v.sender?.trim().replace(/^<(.*)>$/, '$1');
  if (sender) return sender.slice(sender.lastIndexOf('@') + 1);
  if (v.helo !== undefined) return v.helo.trim();
  throw new UsageError('expected a domain (or --helo with --ip for a HELO check)');
}

/**
 * The name check_host() starts from. A real envelope can carry a name RFC 7208 §4.3 cannot check
 * (a domain literal such as [1.2.3.5] from a HELO, a dotless host name, an over-long or empty
 * label): the result for those is "none", so they pass with a note. Input that is not a name at
 * all (a URL, an address with spaces, a bare IP) stays a clear error.
 */
function checkedName(raw: string, field: string): { name: string; note?: string } {
  const d = normalizeDomain(raw);
  if (d.ok) return { name: d.name };
  const name = raw.trim().replace(/\.$/, '').toLowerCase();
  const literal = /^\[[0-9a-f:.]+\]$|^\[ipv6:[0-9a-f:.]+\]$/i.test(name);
  const hostish = /^[a-z0-9_.-]{1,1024}$/.test(name) && !isIP(name);
  if (!literal && !hostish) throw new InputError(field, field === 'domain' ? d.error : `${field}: ${d.error}`);
  const why = validTargetName(name, true) ?? (literal ? `"${name}" is an address literal, not a domain name` : undefined);
  if (!why) return { name };
  return { name, note: `RFC 7208 §4.3: ${why}, so SPF gives "none" without a DNS lookup` };
}

/** The include/redirect tree with lookup costs: "own / cumulative" per node. */
export function formatTree(node: SpfTreeNode, prefix = '', last = true, isRoot = true): string[] {
  const branch = isRoot ? '' : last ? '└─ ' : '├─ ';
  const label = isRoot ? node.domain : `${node.term ?? node.via}${node.term?.includes(node.domain) ? '' : ` → ${node.domain}`}`;
  const cost = node.record ? `  [${node.lookups} lookup${node.lookups === 1 ? '' : 's'}, ${node.cumulativeLookups} with includes${node.cumulativeVoidLookups ? `, ${node.cumulativeVoidLookups} void` : ''}]` : '';
  const ev = node.evaluation ? `  ⇒ ${node.evaluation.result}${node.evaluation.matchedTerm !== undefined ? ` (matched "${node.terms[node.evaluation.matchedTerm]?.text}")` : ''}` : '';
  const lines = [`${prefix}${branch}${label}${cost}${ev}`];
  const inner = isRoot ? '' : prefix + (last ? '   ' : '│  ');
  if (node.record !== undefined) {
    const shown = node.strings && node.strings.length > 1 ? node.strings.map((s) => JSON.stringify(s)).join(' ') : JSON.stringify(node.record);
    lines.push(`${inner}${node.children.length ? '│  ' : '   '}${shown}`);
  }
  if (node.error) lines.push(`${inner}${node.children.length ? '│  ' : '   '}✖ ${node.error.kind}: ${node.error.message}`);
  node.children.forEach((c, i) => lines.push(...formatTree(c, inner, i === node.children.length - 1, false)));
  return lines;
}
