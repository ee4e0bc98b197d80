import { isIP } from 'node:net';
import { resolverValidation } from '../dns/dnssec-selftest';
import { reverseName } from '../dns/ip';
import type { DnsResolver } from '../dns/resolver';
import { probeSmtp, type SmtpProbe } from '../smtp/probe';
import { probeLimiter } from '../smtp/limits';
import { probeTimeoutMs, smtpProbePort } from '../smtp/settings';
import { resolveTargets, type ProbeTarget } from '../smtp/targets';
import { daneHost } from './dane/evaluate';
import { daneHostFacts } from './dane';
import { daneProbeFindings, type DaneProbeView } from './dane/probe';
import type { CheckContext, CheckResult, CheckStatus, Finding, Fix } from './types';
import { statusFromFindings, worst } from './types';

/** Forward-confirmed reverse DNS of the probed address, compared with the names the server gives. */
export interface NameConsistency {
  ptr: string[];
  /** PTR names whose A/AAAA records include the address. */
  confirmed: string[];
  bannerMatches?: boolean;
  ehloMatches?: boolean;
  /** DNS outcome of the PTR question when there was no PTR. */
  ptrOutcome?: string;
}

/** One server probed. */
export interface SmtpServerProbe {
  host?: string;
  mxHost?: string;
  ip?: string;
  port?: number;
  status: CheckStatus;
  summary: string;
  probe?: SmtpProbe;
  names?: NameConsistency;
  /** TLSA records of the host and whether the presented certificate matched (only when it has some). */
  dane?: DaneProbeView;
}

/** The first (most preferred) server at the top level; a mail domain's other MX hosts in `others`. */
export interface SmtpProbeData {
  target: string;
  host?: string;
  mxHost?: string;
  probe?: SmtpProbe;
  names?: NameConsistency;
  dane?: DaneProbeView;
  others?: SmtpServerProbe[];
}

export interface SmtpProbeInput {
  /** A host name, an IP, or a mail domain (each of its MX hosts is probed), optionally with ":port". */
  host: string;
  port?: number;
  timeoutMs?: number;
  clientId?: string;
  /** Extra trusted CAs (tests). */
  ca?: string[];
}

const EXPIRY_WARN_DAYS = 14;
/** MX hosts of one domain probed at most; more than a few is unusual, and each costs a connection. */
export const MAX_MX_PROBED = 5;

/** PTR → A/AAAA → does it include the address? (FCrDNS; the check receivers run on senders.) */
export async function nameConsistency(dns: DnsResolver, ip: string, bannerName?: string, ehloName?: string): Promise<NameConsistency> {
  const ptr = await dns.query(reverseName(ip), 'PTR');
  const names = ptr.outcome === 'NOERROR' ? ptr.records.map((r) => (r.data as string).toLowerCase().replace(/\.$/, '')).slice(0, 5) : [];
  const family = isIP(ip) === 6 ? 'AAAA' : 'A';
  const confirmed: string[] = [];
  await Promise.all(
    names.map(async (n) => {
      const fwd = await dns.query(n, family);
      const addrs = fwd.records.map((r) => String(r.data).toLowerCase());
      if (addrs.includes(ip.toLowerCase())) confirmed.push(n);
    }),
  );
  const match = (name?: string) => (name === undefined ? undefined : confirmed.includes(name.toLowerCase()));
  return {
    ptr: names,
    confirmed,
    ...(bannerName !== undefined ? { bannerMatches: match(bannerName) } : {}),
    ...(ehloName !== undefined ? { ehloMatches: match(ehloName) } : {}),
    ...(names.length === 0 ? { ptrOutcome: ptr.outcome } : {}),
  };
}

function tlsFindings(p: SmtpProbe, now: Date): Finding[] {
  const out: Finding[] = [];
  if (!p.starttlsOffered) {
    out.push({ code: 'smtp.no-starttls', severity: 'warn', detail: 'The EHLO reply does not list STARTTLS.' });
    return out;
  }
  if (!p.tls) {
    out.push({ code: 'smtp.starttls-failed', severity: 'fail', detail: p.failure?.message ?? 'STARTTLS did not complete.' });
    return out;
  }
  const t = p.tls;
  out.push({ code: 'smtp.starttls-ok', severity: 'pass', detail: `${t.protocol ?? 'TLS'} ${t.cipher ?? ''}; certificate for ${t.names.join(', ') || '(no names)'} issued by ${t.issuer ?? '?'}`.replace(/\s+;/, ';'), data: { ...t } });
  const expired = t.validTo && new Date(t.validTo).getTime() < now.getTime();
  if (expired) out.push({ code: 'smtp.cert-expired', severity: 'fail', detail: `The certificate expired on ${t.validTo}.` });
  else if (t.daysLeft !== undefined && t.daysLeft < EXPIRY_WARN_DAYS) out.push({ code: 'smtp.cert-expiring', severity: 'warn', detail: `The certificate expires in ${t.daysLeft} days (${t.validTo}).` });
  if (!t.trusted) out.push({ code: 'smtp.cert-untrusted', severity: 'warn', detail: `${t.selfSigned ? 'Self-signed certificate' : 'Certificate not trusted'}${t.trustError ? ` (${t.trustError})` : ''}.` });
  if (t.nameMatches === false) out.push({ code: 'smtp.cert-name-mismatch', severity: 'warn', detail: `The certificate names (${t.names.join(', ') || 'none'}) do not cover ${t.checkedName}.` });
  return out;
}

function nameFindings(p: SmtpProbe, n: NameConsistency): Finding[] {
  if (n.ptr.length === 0) return [{ code: 'smtp.no-ptr', severity: 'fail', detail: `${p.ip} has no PTR record (${n.ptrOutcome ?? 'none'}).` }];
  if (n.confirmed.length === 0) return [{ code: 'smtp.ptr-not-confirmed', severity: 'fail', detail: `${p.ip} has PTR ${n.ptr.join(', ')}, but that name does not resolve back to ${p.ip}.` }];
  const wrong = [
    n.bannerMatches === false ? `banner name ${p.bannerName}` : undefined,
    n.ehloMatches === false ? `EHLO name ${p.ehloName}` : undefined,
  ].filter(Boolean);
  if (wrong.length) return [{ code: 'smtp.greeting-name-mismatch', severity: 'warn', detail: `The ${wrong.join(' and ')} differ from the PTR name ${n.confirmed.join(', ')}.`, data: { ptr: n.confirmed, banner: p.bannerName, ehlo: p.ehloName } }];
  return [{ code: 'smtp.fcrdns-ok', severity: 'pass', detail: `${p.ip} ↔ ${n.confirmed[0]}; the server introduces itself as ${p.ehloName ?? p.bannerName ?? n.confirmed[0]}.` }];
}

/**
 * Probe a mail domain's SMTP servers (each MX host, in parallel) or the one server named: banner,
 * EHLO, STARTTLS and certificate, and FCrDNS of each address.
 */
export async function checkSmtpProbe(ctx: CheckContext, input: SmtpProbeInput): Promise<CheckResult<SmtpProbeData>> {
  const base = { id: 'smtp' as const, title: `SMTP server ${input.host}`, records: [] };
  const timeoutMs = input.timeoutMs ?? probeTimeoutMs();
  if (input.clientId) {
    const d = probeLimiter().take(input.clientId, 1);
    if (!d.ok) return { ...base, status: 'error', summary: `Probe limit reached; try again in ${Math.ceil(d.retryAfterMs / 1000)} s.`, findings: [{ code: 'smtp.rate-limited', severity: 'error', detail: 'Probe budget used up.' }] };
  }
  let targets = await resolveTargets(ctx.dns, input.host, input.port ?? smtpProbePort(), { maxMx: MAX_MX_PROBED });
  // Each further server is one more connection out of the client's probe budget.
  if (input.clientId && targets.length > 1 && !probeLimiter().take(input.clientId, targets.length - 1).ok) targets = targets.slice(0, 1);
  const [first, ...rest] = await Promise.all(targets.map((t) => probeServer(ctx, t, timeoutMs, input.ca)));
  const data: SmtpProbeData = {
    target: input.host,
    ...(first!.host ? { host: first!.host } : {}),
    ...(first!.mxHost ? { mxHost: first!.mxHost } : {}),
    ...(first!.probe ? { probe: first!.probe } : {}),
    ...(first!.names ? { names: first!.names } : {}),
    ...(first!.dane ? { dane: first!.dane } : {}),
    ...(rest.length ? { others: rest.map(({ findings: _f, fix: _x, ...server }) => server) } : {}),
  };
  const fix = [first!, ...rest].find((r) => r.fix)?.fix;
  if (rest.length === 0) return { ...base, status: first!.status, summary: first!.summary, findings: first!.findings, data, ...(fix ? { fix } : {}) };
  // Every finding says which server it is about; the first server's read as before.
  const findings = [...first!.findings, ...rest.flatMap((r) => r.findings.map((f) => ({ ...f, detail: `${r.mxHost ?? r.host}: ${f.detail}` })))];
  const status = worst([first!.status, ...rest.map((r) => r.status)]);
  const summary = `${first!.summary} Other MX hosts: ${rest.map((r) => `${r.mxHost ?? r.host} ${r.status}`).join(', ')}.`;
  return { ...base, status, summary, findings, data, ...(fix ? { fix } : {}) };
}

/**
 * RFC 7672 for a probed MX host: its TLSA records and the certificate it just presented. Adds
 * nothing for a host without TLSA records (the domain check reports that).
 */
type DaneForProbe = { findings: Finding[]; fix?: Fix; view?: DaneProbeView };

async function daneForProbe(ctx: CheckContext, host: string, probe: SmtpProbe): Promise<DaneForProbe> {
  const facts = await daneHostFacts(ctx.dns, host);
  if (facts.tlsa.answer.records.length === 0 && facts.tlsa.state !== 'bogus') return { findings: [] };
  const h = daneHost(facts);
  const validates = h.tlsaState === 'insecure' ? (await resolverValidation(ctx.dns)).validates : true;
  return daneProbeFindings(h, validates, probe);
}

async function probeServer(ctx: CheckContext, target: ProbeTarget, timeoutMs: number, ca?: string[]): Promise<SmtpServerProbe & { findings: Finding[]; fix?: Fix }> {
  const where = `${target.host ?? target.ip} (${target.ip} port ${target.port})`;
  const server = { ...(target.host ? { host: target.host } : {}), ...(target.mxHost ? { mxHost: target.mxHost } : {}), ...(target.ip ? { ip: target.ip } : {}), port: target.port };
  if (target.error || !target.ip) {
    // Nothing was connected to: say why, rather than "could not be reached" with a firewall hint.
    const code = target.error?.code === 'private' ? 'smtp.private-target' : 'smtp.not-resolved';
    const message = target.error?.message ?? 'no address';
    return { ...server, status: 'error', summary: `Not probed: ${message.replace(/\.$/, '')}.`, findings: [{ code, severity: 'error', detail: message }] };
  }
  const { peerChain, ...probe } = await probeSmtp({ ip: target.ip, port: target.port, timeoutMs, starttls: true, servername: target.host, ca });
  const findings: Finding[] = [];
  if (probe.bannerCode === undefined) {
    const f = probe.failure;
    findings.push({ code: 'smtp.unreachable', severity: 'fail', detail: `${where}: ${f?.message ?? 'no greeting'}`, data: f ? { ...f } : undefined });
    return { ...server, status: 'fail', summary: `${where} did not answer: ${f?.kind === 'timeout' ? 'timed out' : (f?.code ?? f?.kind ?? 'no greeting')}.`, probe, findings };
  }
  if (probe.bannerCode !== 220) {
    findings.push({ code: 'smtp.rejects-greeting', severity: 'fail', detail: `${where} greeted with "${probe.banner}".` });
  } else {
    findings.push({ code: 'smtp.greeting', severity: 'pass', detail: `${where}: ${probe.banner}` });
    findings.push(...tlsFindings(probe, ctx.now));
  }
  const [names, dane] = await Promise.all<[Promise<NameConsistency>, Promise<DaneForProbe> | DaneForProbe]>([
    nameConsistency(ctx.dns, target.ip, probe.bannerName, probe.ehloName),
    target.host && !isIP(target.host) ? daneForProbe(ctx, target.host, { ...probe, ...(peerChain ? { peerChain } : {}) }) : { findings: [] },
  ]);
  findings.push(...nameFindings(probe, names));
  findings.push(...dane.findings);
  const tlsWord = probe.tls ? `STARTTLS ${probe.tls.protocol ?? 'ok'}${probe.tls.trusted ? '' : ' (untrusted certificate)'}` : probe.starttlsOffered ? 'STARTTLS failed' : 'no STARTTLS';
  const summary = `${where}: ${probe.bannerCode} ${probe.bannerName ?? ''}, EHLO ${probe.ehloName ?? '?'}, ${tlsWord}, PTR ${names.ptr[0] ?? 'none'}.`.replace(/\s+,/g, ',');
  return { ...server, status: statusFromFindings(findings), summary, probe, names, findings, ...(dane.view ? { dane: dane.view } : {}), ...(dane.fix ? { fix: dane.fix } : {}) };
}
