/**
 * mxray's own verdicts, computed with mailauth 4.13 and the check's DNS resolver: SPF for the
 * border hop's IP (or the real envelope), every DKIM signature, DMARC with alignment (mxray's own
 * RFC 9989 evaluation, lib/message/dmarc.ts, with mailauth's RFC 7489 result beside it), and the ARC
 * chain. A paste without a body still gets its header signatures checked; the body hash is then
 * reported as "not checked" instead of failing.
 */
import { arc, dmarc, spf } from 'mailauth';
import { DkimVerifier } from 'mailauth/lib/dkim/dkim-verifier.js';
import { writeToStream } from 'mailauth/lib/tools.js';
import type { CheckContext } from '../checks/types';
import { SpfMemo } from './spf-memo';
import { dmarcVerdict } from './dmarc';
import { readingsSentence } from './explain';
import type { DnsCache } from '../dns/cache';
import type { EntryPoint } from './entry';
import type { AuthSide, AuthVerdict, DkimSide } from './types';

/** Upper bound for the whole verification; each DNS question has its own shorter deadline. */
export const VERIFY_DEADLINE_MS = 20_000;

interface MailauthStatus {
  result: string;
  comment?: string;
  header?: Record<string, unknown>;
  aligned?: string | false;
}
interface MailauthDkim {
  signingDomain?: string;
  selector?: string;
  algo?: string;
  status: MailauthStatus;
  bodyHash?: string;
  bodyHashExpecting?: string;
  signTime?: string | null;
  expiresAfter?: string | null;
}

/** A stand-in body hasher whose digest is whatever the signature expects: only headers get judged. */
function expectedHashOnly(bh: string | undefined) {
  return { update() {}, setContentType() {}, getMimeStructureStart: () => undefined, digest: () => bh ?? '' };
}

/**
 * mailauth's verifier compares each signature's bh= to the hash of the body it read. Without a
 * body that comparison is meaningless, so give every signature (DKIM and the newest ARC-Message-
 * Signature) a hasher that "matches", and report the body hash as not checked.
 */
class HeaderOnlyVerifier extends DkimVerifier {
  override async messageHeaders(headers: unknown): Promise<void> {
    await super.messageHeaders(headers);
    this.bodyHashes.clear();
    this.signatureHeaders.forEach((sig, i) => {
      if (sig.skip) return;
      sig.bodyHashKey = `no-body:${i}`;
      this.bodyHashes.set(sig.bodyHashKey, expectedHashOnly(sig.parsed?.bh?.value));
    });
  }
}

const VERDICTS = new Set(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror', 'policy']);
function verdict(raw: string | undefined): AuthVerdict {
  const r = (raw ?? 'neutral').toLowerCase();
  if (r === 'temperr') return 'temperror';
  return (VERDICTS.has(r) ? r : 'neutral') as AuthVerdict;
}

export interface VerifyInput {
  /** The message bytes: with body, or headers only. */
  raw: Buffer;
  hasBody: boolean;
  entry: EntryPoint;
  /** DKIM expiry (x=) is judged at this time: when the receiver got the message, else now. */
  at: Date;
}

export interface VerifyOutput {
  side: AuthSide;
  headerFrom: string[];
  /** DMARC alignment facts for explanations. */
  dmarcFacts?: { fromDomain: string; spfDomain?: string; spfAligned: boolean; dkimAligned: string[]; strictSpf: boolean; strictDkim: boolean; orgDomain?: string };
  timedOut?: boolean;
}

export async function verifyMessage(ctx: CheckContext, input: VerifyInput): Promise<VerifyOutput> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<VerifyOutput>((resolve) => {
    timer = setTimeout(() => resolve({ side: timedOutSide(), headerFrom: [], timedOut: true }), VERIFY_DEADLINE_MS);
  });
  try {
    return await Promise.race([run(ctx, input), deadline]);
  } catch (e) {
    const detail = `verification stopped: ${(e as Error).message}`.slice(0, 300);
    return { side: { dkim: [{ result: 'temperror', detail }], spf: { result: 'temperror', detail } }, headerFrom: [] };
  } finally {
    clearTimeout(timer);
  }
}

function timedOutSide(): AuthSide {
  const detail = `not finished within ${VERIFY_DEADLINE_MS / 1000} s (slow DNS?)`;
  return { spf: { result: 'temperror', detail }, dkim: [{ result: 'temperror', detail }], dmarc: { result: 'temperror', detail }, arc: { result: 'temperror', detail } };
}

interface SpfOutcome {
  domain: string;
  status: MailauthStatus;
}
const memos = new WeakMap<DnsCache, SpfMemo<SpfOutcome>>();
function memoFor(cache: DnsCache): SpfMemo<SpfOutcome> {
  let m = memos.get(cache);
  if (!m) memos.set(cache, (m = new SpfMemo<SpfOutcome>()));
  return m;
}

async function run(ctx: CheckContext, input: VerifyInput): Promise<VerifyOutput> {
  const resolver = ctx.dns.mailauth;
  const opts = { resolver, curTime: input.at };
  const verifier = input.hasBody ? new DkimVerifier(opts) : new HeaderOnlyVerifier(opts);
  await writeToStream(verifier, input.raw);

  const side: AuthSide = { dkim: [] };
  for (const r of verifier.results as unknown as MailauthDkim[]) side.dkim.push(dkimSide(r, input.hasBody));

  // SPF (RFC 7208) for the border hop, when one was found.
  let spfDomain: string | undefined;
  let spfPass = false;
  if (input.entry.ip) {
    const sender = input.entry.sender;
    const { ip, helo } = input.entry;
    // Remembered alongside the DNS answers it comes from: same cache object, same lifetime.
    const cache = ctx.dns.reusableCache;
    const memo = cache ? memoFor(cache) : undefined;
    const compute = async () =>
      (await spf({ ip, helo, sender: sender || undefined, mta: 'mxray', resolver: resolver as never })) as unknown as SpfOutcome;
    const res = !memo ? await compute() : await memo.get(`${ip}|${helo ?? ''}|${sender ?? ''}`, ctx.dns.config.cacheMaxTtlSec, compute);
    spfDomain = res.domain;
    spfPass = res.status.result === 'pass';
    side.spf = {
      result: verdict(res.status.result),
      domain: res.domain,
      ip: input.entry.ip,
      source: input.entry.source,
      ...(input.entry.helo ? { helo: input.entry.helo } : {}),
      ...(sender ? { sender } : { sender: `postmaster@${input.entry.helo ?? ''}` }),
      ...(res.status.comment ? { detail: res.status.comment.replace(/^mxray: /, '') } : {}),
    };
  }

  // ARC (RFC 8617): the chain mailauth collected while reading the headers.
  const arcResult = (await arc(verifier.arc as never, { resolver: resolver as never })) as unknown as { status: MailauthStatus; i?: number | false };
  const arcVerdict = verdict(arcResult.status.result);
  let arcVerdictFinal = arcVerdict;
  let arcDetail = arcResult.status.comment;
  if (arcVerdict === 'fail' && !arcDetail) {
    // mailauth 4.13 swallows the seal-key lookup error and then fails on the missing key: ask the
    // (memoised) resolver what happened, so a DNS timeout reads as temperror, not as a broken chain.
    const key = await sealKeyOutcome(ctx, input.raw);
    if (key && ['TIMEOUT', 'SERVFAIL', 'NETWORK', 'REFUSED', 'MALFORMED'].includes(key.outcome)) {
      arcVerdictFinal = 'temperror';
      arcDetail = `DNS ${key.outcome} for the seal key ${key.name}`;
    } else if (key && key.outcome !== 'NOERROR') arcDetail = `no seal key at ${key.name}`;
    else arcDetail = 'a seal or the newest ARC-Message-Signature does not verify';
  }
  side.arc = { result: arcVerdictFinal, ...(arcResult.i ? { instances: arcResult.i } : {}), ...(arcDetail ? { detail: arcDetail } : {}) };

  // DMARC: needs exactly one From address (RFC 9989 §5.3.1). mxray's verdict is its own RFC 9989
  // evaluation; mailauth's RFC 7489 one is kept beside it, because receivers will differ for years.
  let dmarcFacts: VerifyOutput['dmarcFacts'];
  const headerFrom = verifier.headerFrom;
  if (headerFrom.length === 1) {
    const passing = (verifier.results as unknown as MailauthDkim[]).filter((r) => r.status.result === 'pass' && r.signingDomain);
    const fromDomain = (headerFrom[0]!.split('@').pop() ?? '').toLowerCase();
    const [ours, old] = await Promise.all([
      dmarcVerdict(ctx, { fromDomain, ...(spfPass && spfDomain ? { spfPassDomain: spfDomain } : {}), dkimPassDomains: passing.map((r) => r.signingDomain!) }),
      dmarc({
        headerFrom,
        spfDomains: spfPass && spfDomain ? [spfDomain] : [],
        dkimDomains: passing.map((r) => ({ domain: r.signingDomain!, aligned: !!r.status.aligned })),
        arcResult: arcResult as never,
        resolver: resolver as never,
      }) as Promise<{ status: MailauthStatus; policy?: string } | false>,
    ]);
    const rfc7489 = old ? { result: verdict(old.status.result), ...(old.policy ? { policy: old.policy } : {}) } : { result: 'none' as AuthVerdict };
    const facts = {
      fromDomain,
      ...(spfPass && spfDomain ? { spfDomain } : {}),
      spfAligned: ours.spfAligned,
      dkimAligned: ours.dkimAligned,
      strictSpf: ours.strictSpf,
      strictDkim: ours.strictDkim,
      ...(ours.orgDomain ? { orgDomain: ours.orgDomain } : {}),
    };
    if (ours.result === 'pass' || ours.result === 'fail') dmarcFacts = facts;
    for (const d of side.dkim) if (d.domain && d.result === 'pass' && (ours.result === 'pass' || ours.result === 'fail')) d.aligned = ours.dkimAligned.includes(d.domain);
    // t=y on a failing message: RFC 9989 receivers apply one step less, RFC 7489 ones (no t=) do not.
    const differs = rfc7489.result !== ours.result || (rfc7489.policy ?? null) !== (ours.policy ?? null) || (ours.testing === true && ours.result === 'fail');
    const detail = [ours.detail, differs ? readingsSentence({ result: ours.result, ...(ours.policy ? { policy: ours.policy } : {}), ...(ours.recordName ? { recordName: ours.recordName } : {}), ...(ours.testing ? { applied: ours.appliedPolicy ?? 'none' } : {}) }, rfc7489) : undefined].filter(Boolean).join('; ');
    side.dmarc = {
      result: ours.result,
      fromDomain,
      ...(ours.policy ? { policy: ours.policy } : {}),
      ...(detail ? { detail } : {}),
      ...(ours.result === 'pass' || ours.result === 'fail' ? { alignment: describeAlignment(facts, side) } : {}),
      ...(ours.recordName ? { recordName: ours.recordName } : {}),
      ...(ours.orgDomain ? { orgDomain: ours.orgDomain } : {}),
      ...(ours.testing ? { testing: true, ...(ours.appliedPolicy ? { appliedPolicy: ours.appliedPolicy } : {}) } : {}),
      rfc7489,
    };
  } else {
    side.dmarc = { result: 'permerror', detail: headerFrom.length === 0 ? 'the message has no From address' : `the message has ${headerFrom.length} From addresses; DMARC needs exactly one` };
  }
  return { side, headerFrom, ...(dmarcFacts ? { dmarcFacts } : {}) };
}

/** The DNS outcome for the newest ARC-Seal's key (s=, d=), from the header text. */
async function sealKeyOutcome(ctx: CheckContext, raw: Buffer): Promise<{ name: string; outcome: string } | undefined> {
  const head = raw.subarray(0, Math.min(raw.length, 1024 * 1024)).toString('latin1');
  let best: { i: number; name: string } | undefined;
  for (const m of head.matchAll(/^ARC-Seal:((?:.*)(?:\r?\n[ \t].*)*)/gim)) {
    const v = m[1]!.replace(/\s+/g, '');
    const i = Number(/(?:^|;)i=(\d+)/.exec(v)?.[1] ?? 0);
    const d = /(?:^|;)d=([^;]+)/.exec(v)?.[1];
    const sel = /(?:^|;)s=([^;]+)/.exec(v)?.[1];
    if (d && sel && (!best || i > best.i)) best = { i, name: `${sel}._domainkey.${d}` };
  }
  if (!best) return undefined;
  const answer = await ctx.dns.query(best.name, 'TXT');
  return { name: best.name, outcome: answer.outcome };
}

function dkimSide(r: MailauthDkim, hasBody: boolean): DkimSide {
  const comment = r.status.comment;
  const bodyMismatch = hasBody && comment === 'body hash did not verify';
  const d: DkimSide = {
    // RFC 6376 §6.1.3: a body hash mismatch is PERMFAIL, i.e. "fail" in RFC 8601 terms (mailauth, like Gmail, writes neutral).
    result: bodyMismatch ? 'fail' : verdict(r.status.result),
  };
  if (r.signingDomain) d.domain = r.signingDomain.toLowerCase();
  if (r.selector) d.selector = r.selector;
  if (r.algo) d.algorithm = r.algo;
  if (r.signingDomain) d.bodyHash = !hasBody ? 'not-checked' : bodyMismatch ? 'mismatch' : r.status.result === 'pass' ? 'match' : r.bodyHash === r.bodyHashExpecting ? 'match' : 'mismatch';
  if (r.status.aligned !== undefined) d.aligned = !!r.status.aligned;
  const details = [comment, !hasBody && r.signingDomain ? 'body hash not checked: no body in the paste' : undefined].filter(Boolean);
  if (details.length) d.detail = details.join('; ');
  return d;
}

function describeAlignment(f: NonNullable<VerifyOutput['dmarcFacts']>, side: AuthSide): string {
  const parts: string[] = [`From domain is ${f.fromDomain}.`];
  const spf = side.spf;
  if (!spf) parts.push('SPF was not checked (no connecting IP found), so it cannot align.');
  else if (spf.result !== 'pass') parts.push(`SPF did not pass (${spf.result}) for ${spf.domain ?? 'the envelope domain'}, so it cannot count for DMARC.`);
  else if (f.spfAligned) parts.push(`SPF passed for ${spf.domain}, which ${f.strictSpf ? 'matches exactly (strict)' : `shares the organisational domain${f.orgDomain ? ` ${f.orgDomain}` : ''} (relaxed)`}: aligned.`);
  else parts.push(`SPF passed for ${spf.domain}, but that is not ${f.strictSpf ? 'exactly' : 'in the same organisational domain as'} ${f.fromDomain}: not aligned.`);
  const passing = side.dkim.filter((d) => d.result === 'pass' && d.domain);
  if (passing.length === 0) parts.push('No DKIM signature passed, so DKIM cannot align.');
  for (const d of passing) {
    parts.push(
      f.dkimAligned.includes(d.domain!)
        ? `DKIM d=${d.domain} passed and aligns with ${f.fromDomain}.`
        : `DKIM d=${d.domain} passed but is a different organisational domain from ${f.fromDomain}: not aligned.`,
    );
  }
  if (f.orgDomain && !f.strictSpf && !f.strictDkim) parts.push(`Organisational domains come from the DNS tree walk (RFC 9989 §4.10): ${f.fromDomain}'s is ${f.orgDomain}.`);
  parts.push(f.spfAligned || f.dkimAligned.length ? 'DMARC needs one aligned pass: it has one.' : 'DMARC needs at least one aligned pass (SPF or DKIM): none here.');
  return parts.join(' ');
}
