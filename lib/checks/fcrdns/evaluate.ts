import { getDomain } from 'tldts';
import { isTransient } from '../../dns/errors';
import { reverseName } from '../../dns/ip';
import type { DnsOutcome } from '../../dns/types';
import { statusFromFindings, type CheckResult, type CheckStatus, type Finding, type Fix, type RecordView } from '../types';
import { genericPtr } from './generic';

export interface ForwardLookup {
  name: string;
  outcome: DnsOutcome;
  addresses: string[];
  /** The forward addresses contain the connecting IP: this name is forward-confirmed. */
  matches: boolean;
}

export interface FcrdnsData {
  ip: string;
  version: 4 | 6;
  ptrNames: string[];
  forward: ForwardLookup[];
  confirmed: boolean;
  generic: boolean;
  genericReasons: string[];
  helo?: { name: string; matchesPtr: boolean; addresses: string[]; resolvesToIp: boolean; outcome?: DnsOutcome };
}

export interface FcrdnsFacts {
  ip: string;
  version: 4 | 6;
  domain?: string;
  ptr: { outcome: DnsOutcome; names: string[]; message?: string };
  forward: ForwardLookup[];
  helo?: { name: string; outcome?: DnsOutcome; addresses: string[] };
}

const TITLE = 'Reverse DNS (FCrDNS)';

/** Same registered domain (mail.example.com is "in" news.example.com's organisation), or below it. */
export function inDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  if (h === d || h.endsWith(`.${d}`)) return true;
  const hr = getDomain(h);
  return hr !== null && hr === getDomain(d);
}

/** Pure verdict: PTR → names → A/AAAA must lead back to the IP (forward-confirmed reverse DNS). */
export function evaluateFcrdns(facts: FcrdnsFacts): CheckResult<FcrdnsData> {
  const { ip, version, domain } = facts;
  const findings: Finding[] = [];
  const fixes: Fix[] = [];
  const ptrName = reverseName(ip);
  const names = facts.ptr.names;
  const confirmed = facts.forward.some((f) => f.matches);
  const verdicts = names.map((n) => ({ name: n, ...genericPtr(n, ip) }));
  const genericOnes = verdicts.filter((v) => v.generic);
  const data: FcrdnsData = {
    ip,
    version,
    ptrNames: names,
    forward: facts.forward,
    confirmed,
    generic: genericOnes.length > 0,
    genericReasons: genericOnes.flatMap((v) => v.reasons.map((r) => `${v.name} ${r}`)),
  };
  const records: RecordView[] = names.map((n) => ({ name: ptrName, type: 'PTR', value: n }));
  const suggested = suggestedHost(facts);
  const addrType = version === 4 ? 'A' : 'AAAA';
  // The PTR is set where the address is rented (the hosting panel's "reverse DNS" field); the
  // name it points to gets its address in the user's own zone. Never a record for the hoster's name.
  const setPtrFix = (summary: string): Fix => ({
    summary,
    where: 'hosting-panel',
    steps: [
      `In your hosting panel (or by asking your provider), set the reverse DNS (PTR) of ${ip} to ${suggested}.`,
      `In your DNS zone, publish ${addrType} ${suggested} → ${ip}, so the name leads back to the address.`,
      `Make your server say HELO ${suggested} (Postfix: myhostname = ${suggested}), so HELO, PTR and ${addrType} agree.`,
    ],
    records: [
      { name: ptrName, type: 'PTR', value: `${suggested}.` },
      { name: suggested, type: addrType, value: ip },
    ],
  });

  if (isTransient(facts.ptr.outcome)) {
    findings.push({ code: 'fcrdns.lookup-error', severity: 'error', detail: `Could not look up the PTR record of ${ip}: ${facts.ptr.message ?? facts.ptr.outcome}.`, data: { outcome: facts.ptr.outcome } });
    return result('error', `Could not test: the PTR lookup for ${ip} failed (${facts.ptr.outcome}).`, findings, records, data);
  }
  if (names.length === 0) {
    findings.push({ code: 'fcrdns.no-ptr', severity: 'fail', detail: `${ip} has no PTR record (${ptrName}: ${facts.ptr.outcome}). Gmail, Yahoo and Microsoft reject or junk mail from servers without reverse DNS.`, data: { outcome: facts.ptr.outcome } });
    fixes.push(setPtrFix(`Set the PTR of ${ip} to ${suggested} in your hosting provider's panel (often "reverse DNS" or "rDNS" in the VPS panel), and publish the matching ${addrType} record.`));
    return result('fail', `${ip} has no reverse DNS (PTR).`, findings, records, data, fixes[0]);
  }

  if (names.length > 1) {
    findings.push({ code: 'fcrdns.multiple-ptr', severity: 'warn', detail: `${ip} has ${names.length} PTR records (${names.join(', ')}); receivers pick one at random, so checks that compare names behave unpredictably.`, data: { names } });
    fixes.push({ summary: `Keep a single PTR record for ${ip} (in your hosting panel's reverse DNS setting).`, where: 'hosting-panel', records: [{ name: ptrName, type: 'PTR', value: `${(facts.forward.find((f) => f.matches)?.name ?? names[0])!}.` }] });
  }

  const forwardTransient = facts.forward.filter((f) => isTransient(f.outcome));
  if (!confirmed && forwardTransient.length > 0) {
    findings.push({ code: 'fcrdns.forward-lookup-error', severity: 'error', detail: `Could not look up ${forwardTransient.map((f) => `${addrType} ${f.name} (${f.outcome})`).join(', ')}, so forward confirmation could not be tested.` });
  } else if (!confirmed) {
    const detail = facts.forward.map((f) => (f.addresses.length ? `${f.name} resolves to ${f.addresses.join(', ')}` : `${f.name} has no ${addrType} record (${f.outcome})`)).join('; ');
    findings.push({ code: 'fcrdns.not-confirmed', severity: 'fail', detail: `The PTR of ${ip} is not forward-confirmed: ${detail}, not ${ip}. Receivers treat that like having no reverse DNS.`, data: { names } });
    // Only a name in the user's own domain can get a record from them; a hoster's generic name
    // (7-100-51-198.vps.hoster.example) cannot, so the PTR itself must change.
    const own = domain ? names.find((n) => inDomain(n, domain) && !genericPtr(n, ip).generic) : undefined;
    if (own) fixes.unshift({ summary: `Publish an ${addrType} record so that ${own} resolves back to ${ip}.`, where: 'dns', records: [{ name: own, type: addrType, value: ip }] });
    else fixes.unshift(setPtrFix(`The PTR of ${ip} is ${names.join(', ')}, a name you cannot publish records for. Set the PTR to ${suggested} in your hosting provider's panel and publish the matching ${addrType} record.`));
  }

  if (genericOnes.length > 0) {
    findings.push({ code: 'fcrdns.generic', severity: 'warn', detail: `The PTR name ${genericOnes.map((v) => `${v.name} ${v.reasons.join(' and ')}`).join('; ')}: it looks auto-generated by the ISP, which spam filters treat as a home or unconfigured host.`, data: { reasons: data.genericReasons } });
    fixes.push(setPtrFix(`Ask your hosting provider to set the PTR of ${ip} to a name of your own, such as ${suggested}.`));
  }

  if (domain && !names.some((n) => inDomain(n, domain))) {
    findings.push({ code: 'fcrdns.other-domain', severity: 'info', detail: `The PTR name ${names.join(', ')} is not in ${domain}. That is normal when a provider sends for you; on your own server a name in your domain builds reputation for it.` });
  }

  if (facts.helo) {
    const helo = facts.helo;
    const matchesPtr = names.includes(helo.name);
    const resolvesToIp = helo.addresses.includes(ip);
    data.helo = { name: helo.name, matchesPtr, addresses: helo.addresses, resolvesToIp, ...(helo.outcome ? { outcome: helo.outcome } : {}) };
    if (!matchesPtr) {
      const confirmedName = facts.forward.find((f) => f.matches)?.name ?? names[0]!;
      findings.push({
        code: 'fcrdns.helo-mismatch',
        severity: 'warn',
        detail: `The server says HELO ${helo.name}, but the PTR of ${ip} is ${names.join(', ')}${resolvesToIp ? '' : `, and ${helo.name} ${helo.addresses.length ? `resolves to ${helo.addresses.join(', ')}` : 'does not resolve'}`}. HELO, PTR and ${addrType} should name the same host.`,
        data: { helo: helo.name, ptr: names },
      });
      fixes.push({ summary: `Make the server announce itself as ${confirmedName} in HELO/EHLO.`, where: 'relay', steps: [`Postfix main.cf: smtp_helo_name = ${confirmedName} (or myhostname = ${confirmedName}), then postfix reload.`], records: [] });
    }
  }

  if (confirmed && !findings.some((f) => f.severity === 'fail' || f.severity === 'error')) {
    const name = facts.forward.find((f) => f.matches)!.name;
    findings.unshift({ code: 'fcrdns.ok', severity: 'pass', detail: `${ip} → ${name} → ${ip}: reverse DNS is forward-confirmed.` });
  }
  const status = statusFromFindings(findings);
  const summary = status === 'pass'
    ? `${ip} has forward-confirmed reverse DNS (${names.join(', ')}).`
    : confirmed
      ? `${ip} → ${names.join(', ')} is forward-confirmed, with ${findings.filter((f) => f.severity === 'warn').length} warning(s).`
      : `The reverse DNS of ${ip} (${names.join(', ')}) is not forward-confirmed.`;
  return result(status, summary, findings, records, data, fixes[0]);
}

/**
 * The name we suggest for the PTR: the HELO name if it is in the domain and does not already
 * point somewhere else (HELO, PTR and A should agree), else mail.<domain>.
 */
function suggestedHost(facts: FcrdnsFacts): string {
  const helo = facts.helo;
  if (
    helo &&
    (!facts.domain || inDomain(helo.name, facts.domain)) &&
    /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(helo.name) &&
    (helo.addresses.length === 0 || helo.addresses.includes(facts.ip))
  ) return helo.name;
  if (facts.domain) return `mail.${facts.domain}`;
  return 'mail.example.com';
}

function result(status: CheckStatus, summary: string, findings: Finding[], records: RecordView[], data: FcrdnsData, fix?: Fix): CheckResult<FcrdnsData> {
  return { id: 'fcrdns', status, title: TITLE, summary, findings, records, data, ...(fix ? { fix } : {}) };
}
