import { readFile, stat } from 'node:fs/promises';
import { UsageError, parse, type Io } from '../args';
import { USAGE } from '../usage';
import { statusTag } from '../print';
import { describeFinding } from '../../findings/catalog';
import { analyzeMessage } from '../../message';
import { MAX_INPUT_BYTES } from '../../message/detect';
import type { AuthSide, MessageAnalysis } from '../../message/types';
import { createCheckContext } from '../../report/context';
import type { CheckContext } from '../../checks/types';
import type { ContentReport } from '../../content/types';
import { deliverabilityOf } from '../../report/deliverability';
import { formatDeliverability } from '../print-deliverability';
import { headerSection } from '../../api/message-text';

export const usage = USAGE['analyze'];

/** Exit codes: 0 nothing failed, 1 a verified result fails, 2 bad input or usage. */
export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, 'one-to-one': { type: 'boolean' }, content: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('expected one file name, or - for standard input');
  const source = positionals[0]!;
  let input: Buffer;
  if (source === '-') {
    input = await io.stdin();
  } else {
    try {
      const s = await stat(source);
      if (!s.isFile()) {
        io.err(`mxray analyze: ${source} is not a file`);
        return 2;
      }
      if (s.size > MAX_INPUT_BYTES) {
        io.err(`mxray analyze: ${source} is ${(s.size / 1024 / 1024).toFixed(1)} MB; mxray reads at most ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
        return 2;
      }
      input = await readFile(source);
    } catch (e) {
      io.err(`mxray analyze: cannot read ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  }
  const ctx = createCheckContext();
  const analysis = await analyzeMessage(input, { ctx });
  // --content: SpamAssassin (a spamd started for this one run: seconds) and mxray's content findings.
  const content = values.content && analysis.input?.hasBody && !analysis.input.error ? await contentChecks(input, ctx) : undefined;
  const deliverability = deliverabilityOf({ message: analysis, headers: headerSection(input.toString('utf8')), content }, values['one-to-one'] ? 'one-to-one' : 'bulk');
  if (values.json) io.out(JSON.stringify({ ...analysis, ...(content ? { content } : {}), score: deliverability.score, providers: deliverability.providers }, null, 2));
  else io.out(formatAnalysis(analysis, io.color) + (content ? formatContent(content) : '') + (analysis.input?.error ? '' : formatDeliverability(deliverability, io.color)));
  if (analysis.input?.error) {
    if (values.json) io.err(`mxray analyze: ${analysis.input.error.message}`);
    return 2;
  }
  return verifiedFails(analysis.verified) ? 1 : 0;
}

async function contentChecks(input: Buffer, ctx: CheckContext): Promise<ContentReport> {
  const { runContentChecks } = await import('../../content');
  const { Spamd, findSpamd, spamdSettingsFromEnv } = await import('../../content/spamassassin');
  const settings = spamdSettingsFromEnv();
  const spamd = new Spamd(findSpamd(settings.mode), settings);
  try {
    return await runContentChecks(input, { ctx, spamd });
  } finally {
    spamd.stop();
  }
}

function formatContent(c: ContentReport): string {
  const lines = ['', 'Content:'];
  const sa = c.spamassassin;
  if (sa.state === 'scanned') {
    lines.push(`  SpamAssassin ${sa.score} (${sa.required} marks spam)`);
    for (const r of [...sa.rules].sort((a, b) => b.points - a.points)) lines.push(`    ${r.points.toFixed(1).padStart(5)} ${r.name.padEnd(24)} ${r.description}`);
  } else lines.push(`  ${sa.reason}`);
  for (const f of c.findings) lines.push(`  ${f.severity === 'pass' ? '✔' : f.severity === 'fail' ? '✖' : f.severity === 'info' ? 'ℹ' : '▲'} ${f.detail}`);
  return lines.join('\n');
}

/** A verified result that fails (not "could not test"): fail, softfail, permerror, or a DKIM signature that does not verify. */
export function verifiedFails(v: AuthSide): boolean {
  const bad = (r: string | undefined) => r === 'fail' || r === 'softfail' || r === 'permerror';
  return bad(v.spf?.result) || bad(v.dmarc?.result) || bad(v.arc?.result) || v.dkim.some((d) => bad(d.result));
}

function row(label: string, receiver: string, verified: string): string {
  return `  ${label.padEnd(6)} ${receiver.padEnd(34)} ${verified}`;
}

function spfText(s: AuthSide['spf']): string {
  return s ? `${s.result}${s.domain ? ` ${s.domain}` : ''}${s.ip ? ` from ${s.ip}` : ''}` : '—';
}

export function formatAnalysis(a: MessageAnalysis, color: boolean): string {
  const lines: string[] = [];
  if (a.input?.error) return `${statusTag('error', color)}  ${a.input.error.message}`;
  lines.push(`${statusTag(a.status, color)}  ${a.subject ? `"${a.subject}"` : '(no subject)'}${a.from ? ` from ${a.from}` : ''}`);
  const side = (s: AuthSide) => s;
  const r = side(a.receiver);
  const v = side(a.verified);
  lines.push('', row('', `receiver said${a.receiver.authservId ? ` (${a.receiver.authservId})` : ''}`, 'mxray verified'));
  lines.push(row('SPF', spfText(r.spf), spfText(v.spf)));
  const dkimRows = Math.max(r.dkim.length, v.dkim.length, 1);
  for (let i = 0; i < dkimRows; i++) {
    const rd = r.dkim[i];
    const vd = v.dkim[i];
    lines.push(row(i === 0 ? 'DKIM' : '', rd ? `${rd.result}${rd.domain ? ` d=${rd.domain}` : ''}` : '—', vd ? `${vd.result}${vd.domain ? ` d=${vd.domain}` : ''}${vd.bodyHash === 'not-checked' ? ' (body not checked)' : ''}` : '—'));
  }
  lines.push(row('DMARC', r.dmarc ? `${r.dmarc.result}${r.dmarc.policy ? ` p=${r.dmarc.policy}` : ''}` : '—', v.dmarc ? `${v.dmarc.result}${v.dmarc.policy ? ` p=${v.dmarc.policy}` : ''}` : '—'));
  lines.push(row('ARC', r.arc?.result ?? '—', v.arc ? `${v.arc.result}${v.arc.instances ? ` (i=${v.arc.instances})` : ''}` : '—'));
  if (a.receiver.compauth) lines.push(row('compauth', a.receiver.compauth, ''));
  if (v.dmarc?.alignment) lines.push('', `  ${v.dmarc.alignment}`);
  if (a.hops.length) {
    lines.push('', `  Hops (${a.hops.length}, oldest first):`);
    for (const h of a.hops.slice(0, 50)) {
      const delay = h.delaySeconds !== undefined ? `+${h.delaySeconds}s` : '';
      lines.push(`    ${(h.at ?? '?').padEnd(24)} ${delay.padStart(7)}  ${h.from ?? '?'}${h.ip ? ` [${h.ip}]` : ''} → ${h.by ?? '?'}${h.with ? ` with ${h.with}` : ''}${h.tls ? ` (${h.tls})` : ''}${h.boundary ? '  ← entered the receiver' : ''}`);
    }
    if (a.hops.length > 50) lines.push(`    … ${a.hops.length - 50} more`);
  }
  const shown = a.findings.filter((f) => f.severity !== 'pass' && f.code !== 'message.format');
  if (shown.length) lines.push('');
  for (const f of shown) {
    const text = describeFinding(f.code);
    lines.push(`  ${statusTag(f.severity === 'info' ? 'info' : f.severity, color)} ${f.detail || text.title}`);
    if (text.fix && (f.severity === 'fail' || f.severity === 'warn')) lines.push(`      fix: ${text.fix}`);
  }
  return lines.join('\n');
}
