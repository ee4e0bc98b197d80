import { isTransient } from '../../dns/errors';
import type { DnsOutcome } from '../../dns/types';
import type { CheckStatus, Finding, Severity } from '../types';
import { statusFromFindings } from '../types';
import { correctedRecord, keyTemplate } from './fix';
import type { SelectorLookup } from './lookup';
import type { DkimParse } from './parse';

/** Per-selector facts for renderers and the API. */
export interface DkimSelectorData {
  selector: string;
  name: string;
  cnames: string[];
  /** found: a DKIM key record; missing: NXDOMAIN/NODATA; not-dkim: TXT that is no DKIM key; error: could not test. */
  outcome: 'found' | 'missing' | 'not-dkim' | 'error';
  dns: DnsOutcome;
  /** True when the user named this selector; false when it was one of the probed defaults. */
  explicit: boolean;
  origin?: string;
  /** The key record's text (first one when several are published). */
  record: string | null;
  tags: Record<string, string>;
  keyType: 'rsa' | 'ed25519' | string | null;
  bits: number | null;
  testing: boolean;
  revoked: boolean;
  /** Problems that make the record invalid or unusable, as sentences. */
  errors: string[];
  status: CheckStatus;
}

export interface SelectorVerdict {
  data: DkimSelectorData;
  findings: Finding[];
  /** What to publish at this selector to fix it, when something is missing or wrong. */
  fix?: { name: string; value: string };
}

const KNOWN_HASHES = ['sha1', 'sha256'];

export function evaluateSelector(l: SelectorLookup, mode: { explicit: boolean; origin?: string }): SelectorVerdict {
  const findings: Finding[] = [];
  const sel = l.selector;
  const at = (code: string, severity: Severity, detail: string, extra: Record<string, unknown> = {}) =>
    findings.push({ code, severity, detail, data: { selector: sel, ...extra } });
  const base = {
    selector: sel,
    name: l.name,
    cnames: l.cnames,
    dns: l.dns,
    explicit: mode.explicit,
    ...(mode.origin ? { origin: mode.origin } : {}),
    record: null,
    tags: {},
    keyType: null,
    bits: null,
    testing: false,
    revoked: false,
    errors: [] as string[],
  };
  const done = (outcome: DkimSelectorData['outcome'], extra: Partial<DkimSelectorData> = {}, fix?: SelectorVerdict['fix']): SelectorVerdict => {
    const data: DkimSelectorData = { ...base, ...extra, outcome, status: statusFromFindings(findings) };
    return fix ? { data, findings, fix } : { data, findings };
  };

  if (l.cnames.length > 0) at('dkim.cname', 'info', `${l.name} is a CNAME: ${[l.name, ...l.cnames].join(' → ')}`, { chain: l.cnames });

  if (isTransient(l.dns)) {
    // Could not test: never a fail. For probed defaults the caller decides whether it matters.
    if (mode.explicit) at('dkim.lookup-error', 'error', `could not look up selector "${sel}": ${l.message ?? l.dns}`, { outcome: l.dns });
    return done('error', { errors: [l.message ?? l.dns] });
  }

  if (l.txt.length === 0) {
    if (l.cnames.length > 0) {
      // No TXT template here: a name with a CNAME cannot also hold a TXT record (RFC 1034 §3.6.2).
      const target = l.cnames[l.cnames.length - 1]!;
      at('dkim.cname-dangling', mode.explicit ? 'fail' : 'warn', `${l.name} points (CNAME) to ${target}, which has no TXT record: the sending service has not published the key, or the CNAME target is mistyped`, { target });
      return done('missing');
    }
    if (!mode.explicit) return done('missing');
    at('dkim.selector-missing', 'fail', `no DKIM key at ${l.name} (${l.dns === 'NXDOMAIN' ? 'the name does not exist' : 'the name has no TXT record'})`);
    return done('missing', {}, { name: l.name, value: keyTemplate(sel, 'rsa') });
  }

  if (l.keys.length === 0) {
    // A wildcard TXT (e.g. *.example.com "v=spf1 ...") answers every probe: only meaningful when asked for.
    if (mode.explicit) {
      at('dkim.not-dkim', 'fail', `${l.name} has TXT data that is not a DKIM key: ${l.txt.map((t) => JSON.stringify(t.text.slice(0, 60))).join(', ')}`);
      return done('not-dkim', { errors: ['TXT record is not a DKIM key'] }, { name: l.name, value: keyTemplate(sel, 'rsa') });
    }
    return done('not-dkim');
  }

  if (l.keys.length > 1) {
    at('dkim.multiple-records', 'warn', `${l.name} publishes ${l.keys.length} DKIM key records; a verifier may pick any one (RFC 6376 §3.6.2.2), so signatures fail at random unless every key matches`);
  }
  let fix: SelectorVerdict['fix'];
  for (const key of l.keys) {
    const r = judgeKey(key, sel, mode.explicit, at);
    if (r && !fix) fix = { name: l.name, value: r };
  }
  const first = l.keys[0]!;
  return done(
    'found',
    {
      record: first.text,
      tags: first.tags,
      keyType: first.key?.ok ? first.key.keyType : (first.record?.keyType ?? null),
      bits: first.key?.ok ? first.key.bits : null,
      testing: first.record?.flags.includes('y') ?? false,
      revoked: first.record?.publicKey === '',
      errors: l.keys.flatMap((k) => k.problems.map((p) => p.detail)),
    },
    fix,
  );
}

/** Judge one parsed key record; returns the corrected record to publish when something is wrong. */
function judgeKey(k: DkimParse, sel: string, explicit: boolean, at: (code: string, severity: Severity, detail: string, extra?: Record<string, unknown>) => void): string | undefined {
  for (const p of k.problems) at(p.code, 'fail', `selector "${sel}": ${p.detail}`);
  const r = k.record;
  if (!r) return keyTemplate(sel, 'rsa');
  if (r.publicKey === '') {
    // RFC 6376 §3.6.1: an empty p= means the key was revoked. Good hygiene for a retired selector.
    at('dkim.revoked', explicit ? 'fail' : 'info', `selector "${sel}" has an empty p=: the key is revoked, so every signature made with it fails`);
    return explicit ? keyTemplate(sel, r.keyType === 'ed25519' ? 'ed25519' : 'rsa') : undefined;
  }
  let needsFix = k.problems.length > 0;
  if (r.keyType !== 'rsa' && r.keyType !== 'ed25519') {
    at('dkim.unknown-key-type', 'fail', `selector "${sel}" has k=${r.keyType}; verifiers know only "rsa" (RFC 6376) and "ed25519" (RFC 8463)`, { k: r.keyType });
    return keyTemplate(sel, 'rsa');
  }
  if (r.hashes) {
    const known = r.hashes.filter((h) => KNOWN_HASHES.includes(h));
    if (known.length === 0) {
      at('dkim.unknown-hash', 'fail', `selector "${sel}" has h=${r.hashes.join(':')}, which names no hash algorithm verifiers know (sha256)`);
      needsFix = true;
    } else if (known.every((h) => h === 'sha1')) {
      at('dkim.sha1-only', 'warn', `selector "${sel}" allows only h=sha1; RFC 8301 §3.1 forbids verifying rsa-sha1, so these signatures count as failed at most receivers`);
      needsFix = true;
    }
  }
  if (!r.services.includes('*') && !r.services.includes('email')) {
    at('dkim.service-not-email', 'fail', `selector "${sel}" has s=${r.services.join(':')}; a key without "email" or "*" may not be used for mail (RFC 6376 §3.6.1)`);
    needsFix = true;
  }
  if (r.flags.includes('y')) {
    at('dkim.testing', 'warn', `selector "${sel}" has t=y (testing mode): receivers may treat its signatures as unsigned mail (RFC 6376 §3.6.1)`);
    needsFix = true;
  }
  if (r.granularity !== undefined && r.granularity !== '*') {
    at('dkim.granularity', 'warn', `selector "${sel}" has g=${r.granularity || '(empty)'}; RFC 6376 dropped g=, but verifiers that still honour it reject signatures whose i= local part does not match`);
    needsFix = true;
  }
  const key = k.key;
  if (!key?.ok) return keyTemplate(sel, r.keyType);
  if (key.keyType === 'rsa') {
    // RFC 8301 §3.2: verifiers MUST NOT accept RSA keys under 1024 bits; signers SHOULD use at least 2048.
    if (key.bits < 1024) {
      at('dkim.rsa-too-short', 'fail', `selector "${sel}" has a ${key.bits}-bit RSA key; receivers reject keys shorter than 1024 bits (RFC 8301 §3.2)`, { bits: key.bits });
      return keyTemplate(sel, 'rsa');
    }
    if (key.bits < 2048) {
      at('dkim.rsa-short', 'warn', `selector "${sel}" has a ${key.bits}-bit RSA key; RFC 8301 §3.2 says signers SHOULD use 2048 bits or more`, { bits: key.bits });
      return keyTemplate(sel, 'rsa');
    }
    if (key.bits > 4096) {
      // RFC 8301 §3.2: verifiers MUST handle 1024 to 4096 bits; larger keys may not verify.
      at('dkim.rsa-too-long', 'warn', `selector "${sel}" has a ${key.bits}-bit RSA key; verifiers are only required to handle up to 4096 bits (RFC 8301 §3.2)`, { bits: key.bits });
    }
  }
  const kind = key.keyType === 'rsa' ? `${key.bits}-bit RSA key` : 'Ed25519 key';
  at('dkim.key-ok', needsFix ? 'info' : 'pass', `selector "${sel}": ${kind}${key.encoding === 'pkcs1' ? ' (bare PKCS#1 encoding)' : ''}`, { keyType: key.keyType, bits: key.bits });
  return needsFix ? correctedRecord(r) : undefined;
}
