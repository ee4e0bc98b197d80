import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import { statusFromFindings, type CheckResult, type CheckStatus, type Finding, type Fix, type RecordView } from '../types';
import type { CertInfo, FetchAttempt, PolicyFetch } from './fetch-policy';
import { matchingPattern, parseStsPolicy, renderPolicy, type StsPolicy } from './policy';
import { newPolicyId, parseStsRecord, stsCandidates } from './record';

export interface MtaStsData {
  domain: string;
  record?: { raw: string; id?: string; valid: boolean; errors?: string[] };
  policyUrl: string;
  policyHost: { name: string; addresses: string[] };
  fetch?: { kind: PolicyFetch['kind']; status?: number; contentType?: string; address?: string; ms?: number; attempts: FetchAttempt[] };
  certificate?: CertInfo;
  policy?: StsPolicy;
  policyText?: string;
  mx: { host: string; pattern?: string }[];
  /** What to serve when there is no usable policy yet. */
  suggestedPolicy?: string;
}

export interface MtaStsFacts {
  domain: string;
  now: Date;
  txt: { outcome: DnsOutcome; strings: string[][]; message?: string };
  mx: { outcome: DnsOutcome; hosts: string[] };
  policyHost: { name: string; outcome: DnsOutcome; addresses: string[] };
  fetch?: PolicyFetch;
  httpsPort: number;
}

const TITLE = 'MTA-STS';
/** One week: the policy max_age mxray suggests (RFC 8461 §3.2 recommends weeks or more once stable). */
const SUGGESTED_MAX_AGE = 604_800;
const CERT_EXPIRY_WARN_DAYS = 14;

/** Pure verdict over the TXT record, the fetched policy and the domain's MX hosts. */
export function evaluateMtaSts(facts: MtaStsFacts): CheckResult<MtaStsData> {
  const { domain } = facts;
  const findings: Finding[] = [];
  const fixes: Fix[] = [];
  const policyHostName = facts.policyHost.name;
  const policyUrl = `https://${policyHostName}${facts.httpsPort === 443 ? '' : `:${facts.httpsPort}`}/.well-known/mta-sts.txt`;
  const mxHosts = facts.mx.hosts;
  const data: MtaStsData = { domain, policyUrl, policyHost: { name: policyHostName, addresses: facts.policyHost.addresses }, mx: mxHosts.map((host) => ({ host })) };
  const records: RecordView[] = [];
  const suggested = renderPolicy('testing', mxHosts.length ? mxHosts : [`mail.${domain}`], SUGGESTED_MAX_AGE);
  const txtName = `_mta-sts.${domain}`;
  const newId = newPolicyId(facts.now);
  const publishFix = (summary: string, policy?: string): Fix => ({
    summary,
    records: [{ name: txtName, type: 'TXT', value: `v=STSv1; id=${newId}` }],
    where: 'dns',
    ...(policy ? { files: [{ url: policyUrl, content: policy }] } : {}),
  });

  if (isTransient(facts.txt.outcome)) {
    findings.push({ code: 'mta-sts.lookup-error', severity: 'error', detail: `Could not look up TXT ${txtName}: ${facts.txt.message ?? facts.txt.outcome}.` });
    return result('error', `Could not test: the TXT lookup for ${txtName} failed (${facts.txt.outcome}).`, findings, records, data);
  }
  for (const s of facts.txt.strings) records.push({ name: txtName, type: 'TXT', value: s.join(''), strings: s });
  const candidates = stsCandidates(facts.txt.strings);
  if (candidates.length === 0) {
    data.suggestedPolicy = suggested;
    findings.push({ code: 'mta-sts.absent', severity: 'info', detail: `${domain} publishes no MTA-STS policy, so senders deliver over TLS only opportunistically (an attacker on the path can downgrade to plain text).` });
    return result('info', `No MTA-STS policy for ${domain} (optional).`, findings, records, data, publishFix(`To add MTA-STS, serve this file at ${policyUrl}${facts.policyHost.addresses.length ? '' : ` (give ${policyHostName} an address on an HTTPS web server first)`}:\n\n${suggested}\nthen publish the TXT record:`, suggested));
  }
  if (candidates.length > 1) {
    findings.push({ code: 'mta-sts.record-multiple', severity: 'warn', detail: `${txtName} has ${candidates.length} STS records; RFC 8461 §3.1 says senders then assume there is no policy.` });
    fixes.push(publishFix(`Delete the extra records: keep exactly one at ${txtName}.`));
  }
  const parsed = parseStsRecord(candidates[0]!);
  data.record = parsed.ok ? { raw: parsed.raw, id: parsed.id, valid: true } : { raw: parsed.raw, ...(parsed.id ? { id: parsed.id } : {}), valid: false, errors: parsed.errors };
  if (!parsed.ok) {
    findings.push({ code: 'mta-sts.record-invalid', severity: 'warn', detail: `The record "${parsed.raw.slice(0, 100)}" is invalid: ${parsed.errors.join('; ')}. Senders ignore it.`, data: { errors: parsed.errors } });
    fixes.unshift({ ...publishFix(`Replace the ${txtName} record with a valid one.`), replaces: parsed.raw });
  }

  // The policy host and the fetch.
  const hostOutcome = facts.policyHost.outcome;
  const f = facts.fetch;
  if (facts.policyHost.addresses.length === 0) {
    if (isTransient(hostOutcome)) {
      findings.push({ code: 'mta-sts.lookup-error', severity: 'error', detail: `Could not look up the address of ${policyHostName} (${hostOutcome}).` });
    } else {
      findings.push({ code: 'mta-sts.policy-host-missing', severity: 'fail', detail: `${policyHostName} has no A or AAAA record (${hostOutcome}), so senders cannot fetch the policy.` });
      fixes.unshift({ summary: `Publish an address for ${policyHostName} on a web server that serves ${policyUrl} over HTTPS.`, records: [{ name: policyHostName, type: 'A', value: '<IPv4 address of your web server>' }] });
    }
  } else if (f) {
    data.fetch = { kind: f.kind, attempts: f.attempts, ...(f.kind === 'response' ? { status: f.status, contentType: f.contentType, address: f.address, ms: f.ms } : {}) };
    judgeFetch(f, facts, findings, fixes, data, policyUrl);
  }

  // The policy itself and MX coverage.
  const policy = data.policy;
  if (policy) {
    if (policy.mode === 'none') {
      findings.push({ code: 'mta-sts.mode-none', severity: 'info', detail: 'The policy mode is "none": senders drop any earlier policy and do not enforce TLS. That is how a policy is withdrawn.' });
    } else if (isTransient(facts.mx.outcome)) {
      findings.push({ code: 'mta-sts.mx-lookup-error', severity: 'error', detail: `Could not look up the MX records of ${domain} (${facts.mx.outcome}) to compare them with the policy.` });
    } else {
      const uncovered: string[] = [];
      data.mx = mxHosts.map((host) => {
        const pattern = matchingPattern(host, policy.mx);
        if (!pattern) uncovered.push(host);
        return pattern ? { host, pattern } : { host };
      });
      if (uncovered.length > 0) {
        const enforce = policy.mode === 'enforce';
        findings.push({
          code: 'mta-sts.mx-not-covered',
          severity: enforce ? 'fail' : 'warn',
          detail: `${uncovered.join(', ')} ${uncovered.length === 1 ? 'is' : 'are'} an MX of ${domain} but no "mx:" line of the policy (${policy.mx.join(', ')}) matches. ${enforce ? 'In enforce mode, MTA-STS senders refuse to deliver there.' : 'In testing mode, senders report those deliveries as failures.'}`,
          data: { uncovered, patterns: policy.mx },
        });
        const text = renderPolicy(policy.mode, [...policy.mx, ...uncovered], policy.maxAge);
        fixes.unshift(publishFix(`Add ${uncovered.map((h) => `"mx: ${h}"`).join(' and ')} to the policy at ${policyUrl}:\n\n${text}\nthen change the id so senders fetch it again:`, text));
      }
    }
    if (policy.mode === 'testing') {
      findings.push({ code: 'mta-sts.mode-testing', severity: 'info', detail: 'The policy is in testing mode: senders report TLS failures (with TLS-RPT) but still deliver. Switch to enforce once reports are clean.' });
    }
    if (policy.maxAge < 86_400 && policy.mode !== 'none') {
      findings.push({ code: 'mta-sts.max-age-short', severity: 'warn', detail: `max_age is ${policy.maxAge} seconds; senders forget the policy that quickly, which leaves gaps an attacker can use. Use at least a week (${SUGGESTED_MAX_AGE}) once it works.` });
    }
  }

  if (policy && policy.mode !== 'none' && !findings.some((x) => x.severity === 'fail' || x.severity === 'error' || x.severity === 'warn')) {
    findings.unshift({ code: 'mta-sts.ok', severity: 'pass', detail: `Policy ${data.record?.id ?? ''} (${policy.mode}, max_age ${policy.maxAge}) is served correctly and covers every MX host.` });
  }
  const status = statusOf(findings);
  const summary = status === 'pass'
    ? `MTA-STS in ${policy?.mode ?? 'unknown'} mode covers ${mxHosts.length} MX host(s).`
    : status === 'info'
      ? `MTA-STS policy ${policy ? `in ${policy.mode} mode` : ''} for ${domain}.`
      : `${findings.filter((x) => x.severity === 'fail' || x.severity === 'warn' || x.severity === 'error').length} problem(s) with the MTA-STS policy of ${domain}.`;
  return result(status, summary.replace(/\s+/g, ' '), findings, records, data, fixes[0]);
}

function judgeFetch(f: PolicyFetch, facts: MtaStsFacts, findings: Finding[], fixes: Fix[], data: MtaStsData, url: string): void {
  const host = facts.policyHost.name;
  switch (f.kind) {
    case 'refused':
      findings.push({ code: 'mta-sts.policy-host-refused', severity: 'error', detail: `mxray did not fetch ${url}: ${f.reasons.join('; ')}. Senders on the internet cannot reach such an address either.` });
      return;
    case 'timeout':
      findings.push({ code: 'mta-sts.policy-timeout', severity: 'error', detail: `${url} did not answer within ${f.ms} ms (${f.attempts.map((a) => a.address).join(', ')}).` });
      return;
    case 'connect-error':
      findings.push({ code: 'mta-sts.policy-unreachable', severity: 'fail', detail: `Could not connect to ${url}: ${f.attempts.map((a) => `${a.address}: ${a.detail}`).join('; ')}.` });
      return;
    case 'tls-error':
      findings.push({ code: 'mta-sts.policy-cert-invalid', severity: 'fail', detail: `The HTTPS certificate of ${host} is not valid for senders (${f.code}: ${f.message}). RFC 8461 §3.3 requires a certificate for ${host} that chains to a trusted root.` });
      fixes.unshift({ summary: `Serve ${url} with a publicly trusted certificate whose names include ${host} (e.g. from Let's Encrypt).`, records: [] });
      return;
    case 'too-large':
      findings.push({ code: 'mta-sts.policy-too-large', severity: 'fail', detail: `The policy at ${url} is larger than 64 KiB; senders stop reading and ignore it.` });
      return;
    case 'response':
      break;
  }
  if (f.cert) {
    data.certificate = f.cert;
    const left = f.cert.validTo ? (Date.parse(f.cert.validTo) - facts.now.getTime()) / 86_400_000 : Infinity;
    if (left < CERT_EXPIRY_WARN_DAYS) findings.push({ code: 'mta-sts.cert-expiring', severity: 'warn', detail: `The certificate of ${host} expires on ${f.cert.validTo} (in ${Math.max(0, Math.floor(left))} days).` });
  }
  if (f.status >= 300 && f.status < 400) {
    findings.push({ code: 'mta-sts.policy-redirect', severity: 'fail', detail: `${url} answers HTTP ${f.status} redirecting to ${f.location ?? '(no Location)'}; RFC 8461 §3.3 forbids following redirects, so senders get no policy.` });
    fixes.unshift({ summary: `Serve the policy directly at ${url} (HTTP 200, no redirect).`, records: [] });
    return;
  }
  if (f.status !== 200) {
    findings.push({ code: 'mta-sts.policy-http-status', severity: 'fail', detail: `${url} answers HTTP ${f.status}, not 200.` });
    fixes.unshift({ summary: `Serve the policy file at ${url} with HTTP 200.`, records: [] });
    return;
  }
  const mediaType = (f.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'text/plain') {
    findings.push({ code: 'mta-sts.policy-content-type', severity: 'warn', detail: `${url} is served as "${f.contentType ?? 'no Content-Type'}"; RFC 8461 §3.2 requires text/plain and some senders reject anything else.` });
  }
  data.policyText = f.body.slice(0, 4096);
  const parsed = parseStsPolicy(f.body);
  if (!parsed.ok) {
    findings.push({ code: 'mta-sts.policy-invalid', severity: 'fail', detail: `The policy at ${url} is invalid: ${parsed.errors.join('; ')}.`, data: { errors: parsed.errors } });
    data.suggestedPolicy = renderPolicy(parsed.partial.mode ?? 'testing', facts.mx.hosts.length ? facts.mx.hosts : [`mail.${facts.domain}`], parsed.partial.maxAge ?? SUGGESTED_MAX_AGE);
    fixes.unshift({ summary: `Serve a valid policy at ${url}:\n\n${data.suggestedPolicy}\nthen change the id so senders fetch it again:`, records: [{ name: `_mta-sts.${facts.domain}`, type: 'TXT', value: `v=STSv1; id=${newPolicyId(facts.now)}` }], where: 'dns', files: [{ url, content: data.suggestedPolicy }] });
    return;
  }
  for (const w of parsed.warnings) findings.push({ code: 'mta-sts.policy-warning', severity: 'warn', detail: w });
  data.policy = parsed.policy;
}

/** A check whose only findings are notes (info) reports "info", not "pass". */
function statusOf(findings: Finding[]): CheckStatus {
  const s = statusFromFindings(findings);
  return s === 'pass' && !findings.some((f) => f.severity === 'pass') && findings.some((f) => f.severity === 'info') ? 'info' : s;
}

function result(status: CheckStatus, summary: string, findings: Finding[], records: RecordView[], data: MtaStsData, fix?: Fix): CheckResult<MtaStsData> {
  return { id: 'mta-sts', status, title: TITLE, summary, findings, records, data, ...(fix ? { fix } : {}) };
}
