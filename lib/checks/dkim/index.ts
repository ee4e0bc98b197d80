import type { CheckContext, CheckResult, Finding, Fix, RecordView } from '../types';
import { statusFromFindings } from '../types';
import { evaluateSelector, type DkimSelectorData, type SelectorVerdict } from './evaluate';
import { keyTemplate } from './fix';
import { lookupSelector, selectorName } from './lookup';
import { DEFAULT_SELECTORS, selectorOrigin } from './selectors';
import { txtRecord } from '../../dns/txt';

export interface DkimInput {
  domain: string;
  /** Selectors to look up; when empty, a default list of common selectors is probed. */
  selectors?: string[];
}

export interface DkimData {
  /** True when no selector was given and the default list was probed. */
  probed: boolean;
  selectors: DkimSelectorData[];
}

export type { DkimSelectorData } from './evaluate';

const SELECTOR = /^[a-z0-9_-]{1,63}(\.[a-z0-9_-]{1,63})*$/;

/**
 * Accept what people paste: "s1", "S1", "s=s1", or the full "s1._domainkey.example.com".
 * Returns null for something that cannot be a selector (RFC 6376 §3.1: dot-separated sub-domain labels).
 */
export function normalizeSelector(raw: string, domain: string): string | null {
  let s = raw.trim().toLowerCase().replace(/\.$/, '').replace(/^s\s*=\s*/, '');
  const i = s.indexOf('._domainkey');
  if (i > 0) s = s.slice(0, i);
  if (s.length === 0 || s.length > 190 || !SELECTOR.test(s)) return null;
  return selectorName(s, domain).length <= 253 ? s : null;
}

export async function checkDkim(ctx: CheckContext, input: DkimInput): Promise<CheckResult<DkimData>> {
  const domain = input.domain.trim().toLowerCase().replace(/\.$/, '');
  const findings: Finding[] = [];
  const limit = Math.max(1, ctx.limits.maxDkimSelectors);
  const given = input.selectors?.map((s) => s.trim()).filter(Boolean) ?? [];
  const explicit = given.length > 0;

  let selectors: string[];
  if (explicit) {
    const ok = new Set<string>();
    for (const raw of given) {
      const s = normalizeSelector(raw, domain);
      if (s) ok.add(s);
      else findings.push({ code: 'dkim.invalid-selector', severity: 'error', detail: `"${raw.slice(0, 60)}" is not a DKIM selector (letters, digits, "-" and "_", dot-separated)`, data: { selector: raw.slice(0, 60) } });
    }
    selectors = [...ok];
    if (selectors.length > limit) {
      findings.push({ code: 'dkim.selector-limit', severity: 'info', detail: `checked the first ${limit} of ${selectors.length} selectors`, data: { limit, given: selectors.length } });
      selectors = selectors.slice(0, limit);
    }
  } else {
    selectors = DEFAULT_SELECTORS.slice(0, limit).map((d) => d.selector);
    if (limit < DEFAULT_SELECTORS.length) {
      findings.push({ code: 'dkim.selector-limit', severity: 'info', detail: `probed ${limit} of the ${DEFAULT_SELECTORS.length} common selectors (the per-check selector limit)`, data: { limit, given: DEFAULT_SELECTORS.length } });
    }
  }

  // Fetch all selectors at once: each is an independent question and the resolver bounds the work.
  const lookups = await Promise.all(selectors.map((s) => lookupSelector(ctx, domain, s)));
  const verdicts = lookups.map((l) => evaluateSelector(l, { explicit, origin: explicit ? undefined : selectorOrigin(l.selector) }));
  for (const v of verdicts) findings.push(...v.findings);

  const found = verdicts.filter((v) => v.data.outcome === 'found');
  const usable = found.filter((v) => !v.data.revoked);
  const errored = verdicts.filter((v) => v.data.outcome === 'error');
  let fix = fixFrom(verdicts);

  if (!explicit) {
    if (usable.length === 0 && errored.length > 0) {
      findings.push({
        code: 'dkim.lookup-error',
        severity: 'error',
        detail: `could not look up ${errored.length} of ${selectors.length} common selectors (${errored.slice(0, 5).map((v) => v.data.selector).join(', ')}${errored.length > 5 ? ', ...' : ''}: ${errored[0]!.data.errors[0] ?? 'DNS error'}); no key found at the others`,
        data: { selectors: errored.map((v) => v.data.selector) },
      });
    } else if (usable.length === 0) {
      findings.push({
        code: 'dkim.none-found',
        severity: 'warn',
        detail: `no DKIM key found at the ${selectors.length} common selectors (${selectors.slice(0, 6).join(', ')}, ...); give your selector to check it`,
        data: { probed: selectors },
      });
      fix ??= noneFoundFix(domain);
    } else if (errored.length > 0) {
      findings.push({ code: 'dkim.probe-incomplete', severity: 'info', detail: `${errored.length} of the probed selectors could not be looked up (${errored.map((v) => v.data.selector).slice(0, 5).join(', ')})`, data: { selectors: errored.map((v) => v.data.selector) } });
    }
  }
  if (usable.length > 0 && usable.every((v) => v.data.keyType === 'ed25519')) {
    findings.push({ code: 'dkim.ed25519-only', severity: 'info', detail: `only Ed25519 keys found (${usable.map((v) => v.data.selector).join(', ')}); receivers that do not verify Ed25519 see no valid signature unless you also sign with RSA` });
  }

  const records: RecordView[] = verdicts
    .filter((v) => v.data.outcome === 'found' || (explicit && v.data.outcome === 'not-dkim'))
    .flatMap((v) => lookups.find((l) => l.selector === v.data.selector)!.txt.map((t) => ({ name: v.data.name, type: 'TXT', value: t.text, ...(t.strings.length > 1 ? { strings: t.strings } : {}) })));

  return {
    id: 'dkim',
    status: statusFromFindings(findings),
    title: 'DKIM',
    summary: summarize(explicit, selectors.length, verdicts, usable, errored),
    findings,
    records,
    ...(fix ? { fix } : {}),
    data: { probed: !explicit, selectors: verdicts.map((v) => v.data) },
  };
}

function describeKey(d: DkimSelectorData): string {
  if (d.revoked) return 'revoked';
  if (d.keyType === 'rsa' && d.bits) return `${d.bits}-bit RSA`;
  if (d.keyType === 'ed25519' && d.bits) return 'Ed25519';
  return 'unusable key';
}

function summarize(explicit: boolean, asked: number, all: SelectorVerdict[], usable: SelectorVerdict[], errored: SelectorVerdict[]): string {
  const found = all.filter((v) => v.data.outcome === 'found');
  const listFound = found.map((v) => `${v.data.selector} (${describeKey(v.data)}${v.data.origin ? `, ${v.data.origin}` : ''})`).join(', ');
  if (explicit) {
    const missing = all.filter((v) => v.data.outcome === 'missing' || v.data.outcome === 'not-dkim').map((v) => v.data.selector);
    const parts = [];
    if (found.length) parts.push(`DKIM key${found.length > 1 ? 's' : ''} at ${listFound}.`);
    if (missing.length) parts.push(`No DKIM key at selector${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
    if (errored.length) parts.push(`Could not look up ${errored.map((v) => v.data.selector).join(', ')}.`);
    return parts.join(' ') || 'No valid selector to check.';
  }
  if (usable.length) return `Found DKIM key${found.length > 1 ? 's' : ''} at ${listFound} (probed ${asked} common selectors).`;
  if (errored.length) return `Could not test: ${errored.length} of ${asked} selector lookups failed.`;
  return `No DKIM key at the ${asked} common selectors. Give the selector your mail is signed with (the s= tag of its DKIM-Signature).`;
}

function fixFrom(verdicts: SelectorVerdict[]): Fix | undefined {
  const fixes = verdicts.flatMap((v) => (v.fix ? [v.fix] : []));
  if (fixes.length === 0) return undefined;
  return {
    summary:
      'Publish these TXT records (replace any <placeholder> with your public key, all on one line; if your DNS host asks for strings, enter them as shown). ' +
      'For a new key with OpenDKIM: opendkim-genkey -b 2048 -s <selector> -d <domain>, then copy the p= value from <selector>.txt.',
    records: fixes.map((f) => txtRecord(f.name, f.value)),
  };
}

function noneFoundFix(domain: string): Fix {
  return {
    summary:
      'Find your selector: open a message you sent, view its source, and read the s= tag of the DKIM-Signature header (d= must be your domain); then check again with that selector. ' +
      'No DKIM-Signature header means your mail is not signed. Amazon SES (random token selectors) and Postmark (dated selectors such as 20240115123456pm) cannot be guessed: copy the selector from their dashboard. ' +
      `For a Postfix relay with OpenDKIM: run opendkim-genkey -b 2048 -s mail -d ${domain}, configure OpenDKIM to sign with selector "mail", and publish the p= value from mail.txt as below.`,
    records: [txtRecord(selectorName('mail', domain), keyTemplate('mail', 'rsa'))],
    where: 'relay',
    steps: [
      `opendkim-genkey -b 2048 -s mail -d ${domain}   (writes mail.private and mail.txt)`,
      `OpenDKIM: Domain ${domain}, Selector mail, KeyFile /etc/opendkim/keys/${domain}/mail.private; Postfix main.cf: smtpd_milters and non_smtpd_milters = inet:localhost:8891`,
      'Publish the p= value from mail.txt in your DNS zone as the record below.',
    ],
  };
}
