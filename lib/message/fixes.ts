/**
 * The fix for each message finding the sender can act on: the record to publish in their own zone
 * (SPF records are proven by evaluating SPF with the record overlaid on today's DNS, and only shown
 * when the message would then pass) or the setting to change on their relay.
 */
import type { CheckContext } from '../checks/types';
import { isSpfRecord, parseRecord } from '../checks/spf/parse';
import { insertBeforeAll, ipTerm } from '../checks/spf/suggest';
import { starterRecord } from '../checks/dmarc/fix';
import { checkDmarc } from '../checks/dmarc';
import { OverlayResolver } from '../dns/overlay';
import { joinTxt } from '../dns/txt';
import type { AuthSide, MessageFinding, MessageFix } from './types';
import { spfWithRecord } from './spf-what-if';

/** The relay setting that turns on opportunistic TLS for outgoing mail (RFC 3207). */
export const POSTFIX_TLS_FIX: MessageFix = {
  where: 'relay',
  summary: 'Turn on STARTTLS for outgoing mail on your relay (Postfix), then reload it.',
  setting: { file: '/etc/postfix/main.cf', line: 'smtp_tls_security_level = may' },
};

async function spfRecordsOf(ctx: CheckContext, domain: string): Promise<string[] | 'dns-error'> {
  try {
    const rows = (await ctx.dns.mailauth(domain, 'TXT')) as string[][];
    return rows.map((r) => joinTxt(r)).filter(isSpfRecord);
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === 'ENOTFOUND' || code === 'ENODATA' ? [] : 'dns-error';
  }
}

/** The SPF record with the connecting IP added (or a new one), shown only when it makes SPF pass. */
export async function spfFix(ctx: CheckContext, side: AuthSide): Promise<MessageFix | undefined> {
  const s = side.spf;
  if (!s?.ip || !s.domain) return undefined;
  const records = await spfRecordsOf(ctx, s.domain);
  if (records === 'dns-error') return undefined;
  if (records.length > 1) return { where: 'dns', summary: `${s.domain} publishes ${records.length} SPF records; receivers treat that as permerror. Run a domain check of ${s.domain} for the merged record.` };
  const term = ipTerm(s.ip);
  const current = records[0];
  const value = current ? insertBeforeAll(current, parseRecord(current).terms, term) : `v=spf1 ${term} ~all`;
  const proof = await spfWithRecord(ctx, { ip: s.ip, domain: s.domain, record: value, ...(s.sender ? { sender: s.sender } : {}), ...(s.helo ? { helo: s.helo } : {}) });
  if (proof.result !== 'pass') {
    return { where: 'dns', summary: `Adding ${term} to the SPF record of ${s.domain} would not make SPF pass (mxray's trial gave ${proof.result}${proof.detail ? `: ${proof.detail}` : ''}); run a domain check of ${s.domain} to repair the record first.` };
  }
  return {
    where: 'dns',
    summary: current ? `Add \`${term}\` to the SPF record of ${s.domain} (before its "all").` : `Publish an SPF record for ${s.domain} that lists ${s.ip}.`,
    record: { name: s.domain, type: 'TXT', value },
    proof,
  };
}

/**
 * A starter DMARC record, proven like the domain report's records: the DMARC check runs with it
 * overlaid on today's DNS and must come out without a failure (a parent's psd record or a broken
 * record at the name would otherwise be papered over).
 */
async function dmarcFix(ctx: CheckContext, domain: string): Promise<MessageFix> {
  const record = { name: `_dmarc.${domain}`, type: 'TXT', value: starterRecord(domain) };
  const r = await checkDmarc({ ...ctx, dns: new OverlayResolver(ctx.dns, [record]) }, { domain });
  if (r.status === 'fail' || r.status === 'error') {
    return { where: 'dns', summary: `A starter DMARC record for ${domain} would not fix this (mxray's trial: ${r.summary}). Run a domain check of ${domain} for the details.` };
  }
  return { where: 'dns', summary: `Publish a DMARC record for ${domain} (monitoring only to start with).`, record, proof: { result: 'pass', detail: r.summary } };
}

/** Attaches fixes to the findings the sender can act on; the rest are left as they are. */
export async function withFixes(ctx: CheckContext, findings: MessageFinding[], verified: AuthSide, fromDomain?: string): Promise<MessageFinding[]> {
  const out: MessageFinding[] = [];
  let spf: Promise<MessageFix | undefined> | undefined;
  for (const f of findings) {
    if (['message.spf-fail', 'message.spf-softfail', 'message.spf-neutral', 'message.spf-none'].includes(f.code)) {
      spf ??= spfFix(ctx, verified);
      const fix = await spf;
      out.push(fix ? { ...f, fix } : f);
    } else if (f.code === 'message.border-no-tls') {
      out.push({ ...f, fix: POSTFIX_TLS_FIX });
    } else if (f.code === 'message.dmarc-none' && verified.dmarc?.fromDomain) {
      out.push({ ...f, fix: await dmarcFix(ctx, verified.dmarc.fromDomain) });
    } else if (f.code === 'message.dkim-no-key' && typeof f.data?.domain === 'string' && typeof f.data.selector === 'string') {
      const name = `${f.data.selector}._domainkey.${f.data.domain}`;
      out.push({ ...f, fix: { where: 'dns', summary: `Publish the public key your signer uses for selector ${f.data.selector} as a TXT record at ${name}: opendkim-genkey wrote it to ${f.data.selector}.txt next to the private key (or print it again from the private key, as below).`, setting: { file: 'on the relay, as root', line: `openssl rsa -in /etc/opendkim/keys/${f.data.domain}/${f.data.selector}.private -pubout -outform der 2>/dev/null | base64 -w0` } } });
    } else if (f.code === 'message.dkim-none') {
      out.push({ ...f, fix: { where: 'relay', summary: `Sign outgoing mail with OpenDKIM: generate a key, publish the TXT record it writes to mail.txt under mail._domainkey.${fromDomain ?? '<your domain>'}, and add the key to OpenDKIM's KeyTable and SigningTable.`, setting: { file: 'on the relay, as root', line: `opendkim-genkey -b 2048 -s mail -d ${fromDomain ?? '<your domain>'}` } } });
    } else out.push(f);
  }
  return out;
}
