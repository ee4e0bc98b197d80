import { probeSmtp, type SmtpProbe } from '../smtp/probe';
import { MAX_PROBES_PER_REQUEST, probeLimiter } from '../smtp/limits';
import { probeTimeoutMs, smtpProbePort } from '../smtp/settings';
import { resolveTarget, type ProbeTarget } from '../smtp/targets';
import type { CheckContext, CheckResult, Finding, Fix } from './types';
import { statusFromFindings } from './types';

/**
 * Can this machine send on port 25? Connect to the MX of a few big receivers, read the 220
 * banner, EHLO, QUIT (Mail-in-a-Box's status check does the same with `nc -z aspmx.l.google.com 25`).
 * Only a self-hosted mxray, running next to the mail server, can answer this question.
 */

export const DEFAULT_PORT25_TARGETS = ['gmail.com', 'outlook.com', 'yahoo.com'];

export type Port25Status = 'reachable' | 'blocked' | 'refused' | 'error';

export interface Port25Result {
  target: string;
  mxHost?: string;
  ip?: string;
  port: number;
  status: Port25Status;
  /** Why: "timeout" (SYN unanswered), "no-banner", "rejected" (554), the socket error code... */
  reason: string;
  banner?: string;
  ms: number;
  probe?: SmtpProbe;
}

export interface Port25Data {
  results: Port25Result[];
  timeoutMs: number;
}

export interface Port25Input {
  /** Domains (their MX is probed), host names or IPs, optionally with ":port". Default MXRAY_PORT25_TARGETS. */
  targets?: string[];
  port?: number;
  timeoutMs?: number;
  /** Who asked (for the per-client probe budget); omit for the CLI. */
  clientId?: string;
}

export function port25TargetsFromEnv(): string[] {
  const raw = process.env.MXRAY_PORT25_TARGETS;
  const list = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return list.length ? list : DEFAULT_PORT25_TARGETS;
}

/** Reachable / blocked / refused from how far the probe got. */
export function classifyPort25(p: SmtpProbe): { status: Port25Status; reason: string } {
  if (p.banner !== undefined) {
    if (p.bannerCode === 220) return { status: 'reachable', reason: 'greeted' };
    return { status: 'reachable', reason: 'rejected' };
  }
  const f = p.failure;
  if (!f) return { status: 'error', reason: 'no banner' };
  if (f.stage === 'connect') {
    if (f.kind === 'timeout') return { status: 'blocked', reason: 'timeout' };
    if (f.kind === 'refused' || f.kind === 'unreachable' || f.kind === 'reset') return { status: 'refused', reason: f.code ?? f.kind };
    return { status: 'error', reason: f.code ?? f.kind };
  }
  // Connected, but no greeting: an intercepting firewall or proxy, as far as sending is concerned.
  if (f.stage === 'banner') return { status: 'blocked', reason: f.kind === 'timeout' ? 'no-banner' : `banner-${f.kind}` };
  return { status: 'error', reason: `${f.stage}-${f.kind}` };
}

function untested(t: ProbeTarget): Port25Result {
  return { target: t.input, ...(t.mxHost ? { mxHost: t.mxHost } : {}), ...(t.ip ? { ip: t.ip } : {}), port: t.port, status: 'error', reason: t.error!.code, ms: 0 };
}

function findingFor(r: Port25Result, t: ProbeTarget | undefined): Finding {
  const where = `${r.target}${r.mxHost ? ` (MX ${r.mxHost}` : ' ('}${r.ip ? ` ${r.ip}` : ''} port ${r.port})`;
  const data = { target: r.target, mxHost: r.mxHost, ip: r.ip, port: r.port, reason: r.reason };
  if (t?.error) return { code: t.error.code === 'private' ? 'smtp.private-target' : 'port25.untested', severity: t.error.code === 'private' ? 'error' : 'info', detail: `${r.target}: ${t.error.message}`, data };
  switch (r.status) {
    case 'reachable':
      if (r.reason === 'rejected') return { code: 'port25.rejected', severity: 'warn', detail: `${where} answered "${r.banner}"`, data };
      return { code: 'port25.open', severity: 'pass', detail: `${where} answered in ${r.ms} ms: ${r.banner}`, data };
    case 'blocked':
      if (r.reason === 'no-banner') return { code: 'port25.no-banner', severity: 'fail', detail: `${where}: connected but no greeting within the deadline`, data };
      return { code: 'port25.blocked', severity: 'fail', detail: `${where}: no answer within ${r.ms} ms (connection timed out)`, data };
    case 'refused':
      return { code: 'port25.refused', severity: 'fail', detail: `${where}: connection refused (${r.reason})`, data };
    case 'error':
      return { code: 'port25.untested', severity: 'info', detail: `${where}: ${r.probe?.failure?.message ?? r.reason}`, data };
  }
}

/** Only the provider can open port 25; a relay on 587 is the way around it meanwhile. */
const UNBLOCK_FIX: Fix = {
  summary: 'Ask your provider to unblock outbound port 25 for this server, or send through a relay (smarthost) on port 587.',
  records: [],
  where: 'provider',
  steps: [
    'Open a support request (cloud consoles often have an "SMTP / port 25 unblock" form): "Please remove the outbound TCP port 25 restriction for <your server or IP>. It runs a mail server for <your domain> with SPF, DKIM and DMARC set up; it is not an open relay."',
    'Meanwhile, Postfix can send through your provider\'s relay: relayhost = [smtp.your-provider.example]:587 with SASL authentication.',
  ],
};

export async function checkPort25(ctx: CheckContext, input: Port25Input = {}): Promise<CheckResult<Port25Data>> {
  const timeoutMs = input.timeoutMs ?? probeTimeoutMs();
  const port = input.port ?? smtpProbePort();
  const specs = input.targets ?? port25TargetsFromEnv();
  const base = { id: 'port25' as const, title: 'Outbound port 25', records: [] };
  if (specs.length > MAX_PROBES_PER_REQUEST) {
    return { ...base, status: 'error', summary: `At most ${MAX_PROBES_PER_REQUEST} targets per request (got ${specs.length}).`, findings: [{ code: 'smtp.too-many-hosts', severity: 'error', detail: `${specs.length} targets given; the limit is ${MAX_PROBES_PER_REQUEST}.` }] };
  }
  if (input.clientId) {
    const d = probeLimiter().take(input.clientId, specs.length);
    if (!d.ok) return { ...base, status: 'error', summary: `Probe limit reached; try again in ${Math.ceil(d.retryAfterMs / 1000)} s.`, findings: [{ code: 'smtp.rate-limited', severity: 'error', detail: `Probe budget used up; ${Math.ceil(d.retryAfterMs / 1000)} s until the next one.` }] };
  }
  const targets = await Promise.all(specs.map((s) => resolveTarget(ctx.dns, s, port)));
  const results = await Promise.all(
    targets.map(async (t): Promise<Port25Result> => {
      if (t.error || !t.ip) return untested(t);
      const probe = await probeSmtp({ ip: t.ip, port: t.port, timeoutMs, starttls: false });
      const c = classifyPort25(probe);
      return { target: t.input, ...(t.mxHost ? { mxHost: t.mxHost } : {}), ip: t.ip, port: t.port, ...c, ...(probe.banner ? { banner: probe.banner } : {}), ms: probe.ms, probe };
    }),
  );
  const findings = results.map((r, i) => findingFor(r, targets[i]));
  const reachable = results.filter((r) => r.status === 'reachable');
  const tested = results.filter((r) => r.status !== 'error');
  let status = statusFromFindings(findings);
  let summary: string;
  if (reachable.length) {
    // One greeting proves the port is open; a single unreachable receiver is its problem, not ours.
    status = reachable.some((r) => r.reason === 'greeted') ? 'pass' : 'warn';
    summary = `Outbound port 25 is open: reached ${reachable.map((r) => r.mxHost ?? r.target).join(', ')}.`;
    for (const f of findings) if (f.severity === 'fail') f.severity = 'warn';
  } else if (tested.length) {
    summary = tested.every((r) => r.status === 'blocked')
      ? `Outbound port 25 looks blocked: no answer from ${tested.length} receiver${tested.length > 1 ? 's' : ''} within ${timeoutMs} ms.`
      : `Outbound port 25 looks blocked or rejected: ${tested.map((r) => `${r.target} ${r.status}`).join(', ')}.`;
  } else {
    status = 'error';
    summary = 'No port 25 target could be tested.';
  }
  const blocked = !reachable.length && tested.length > 0;
  return { ...base, status, summary, findings, data: { results, timeoutMs }, ...(blocked ? { fix: UNBLOCK_FIX } : {}) };
}
