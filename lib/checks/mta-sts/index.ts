import { isIP } from 'node:net';
import type { DnsAnswer } from '../../dns/types';
import type { CheckContext, CheckResult } from '../types';
import { evaluateMtaSts, type MtaStsData } from './evaluate';
import { fetchPolicy, POLICY_PATH, type PolicyFetch } from './fetch-policy';
import { stsCandidates } from './record';

export type { MtaStsData } from './evaluate';

export interface MtaStsInput {
  domain: string;
  /** Port of the policy host's HTTPS server; 443 except in tests. */
  httpsPort?: number;
  /** Extra CA certificates to trust for the policy fetch (PEM); tests use a self-signed CA. */
  ca?: string | Buffer;
  /** Deadline for the policy fetch, all addresses together. */
  timeoutMs?: number;
}

/** RFC 8461 §3.3 leaves the deadline to the sender; a few seconds is what real senders allow. */
const DEFAULT_FETCH_TIMEOUT_MS = 5000;

/** MTA-STS: the TXT record, the HTTPS policy, and whether it covers every MX host. */
export async function checkMtaSts(ctx: CheckContext, input: MtaStsInput): Promise<CheckResult<MtaStsData>> {
  const domain = input.domain.toLowerCase().replace(/\.$/, '');
  const policyHost = `mta-sts.${domain}`;
  // The TXT record, the MX hosts (shared with the MX check) and the policy host's addresses at once.
  const [txt, mx, a, aaaa] = await Promise.all([
    ctx.dns.query(`_mta-sts.${domain}`, 'TXT'),
    ctx.dns.query(domain, 'MX'),
    ctx.dns.query(policyHost, 'A'),
    ctx.dns.query(policyHost, 'AAAA'),
  ]);
  const strings = txt.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
  const httpsPort = input.httpsPort ?? 443;
  // A what-if run takes the suggested policy file as served (and its host as set up).
  const served = ctx.whatIf?.files.get(`https://${policyHost}${httpsPort === 443 ? '' : `:${httpsPort}`}${POLICY_PATH}`);
  const found = [...addressesOf(a), ...addressesOf(aaaa)];
  const addresses = served !== undefined && found.length === 0 ? ['<your web server>'] : found;
  const fetch: PolicyFetch | undefined = served !== undefined
    ? { kind: 'response', address: addresses[0]!, status: 200, contentType: 'text/plain', body: served, ms: 0, attempts: [] }
    : stsCandidates(strings).length > 0 && addresses.length > 0
      ? await fetchPolicy({ host: policyHost, addresses, port: httpsPort, timeoutMs: input.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS, ...(input.ca ? { ca: input.ca } : {}) })
      : undefined;
  const hosts = mx.records
    .flatMap((r) => (r.type === 'MX' && r.data.exchange !== '' ? [r.data] : []))
    .sort((x, y) => x.priority - y.priority)
    .map((r) => r.exchange.toLowerCase())
    .filter((h) => !isIP(h)); // an IP-literal MX is the MX check's finding; no policy can match it
  return evaluateMtaSts({
    domain,
    now: ctx.now,
    txt: { outcome: txt.outcome, strings, message: txt.message },
    mx: { outcome: mx.outcome, hosts: [...new Set(hosts)] },
    policyHost: { name: policyHost, outcome: addresses.length ? 'NOERROR' : worseOf(a, aaaa), addresses },
    ...(fetch ? { fetch } : {}),
    httpsPort,
  });
}

function addressesOf(a: DnsAnswer): string[] {
  return a.records.flatMap((r) => (r.type === a.type ? [r.data as string] : []));
}

/** When neither lookup gave an address, a transient outcome matters more than NODATA. */
function worseOf(a: DnsAnswer, b: DnsAnswer): DnsAnswer['outcome'] {
  const rank = (o: DnsAnswer['outcome']) => (o === 'NODATA' ? 0 : o === 'NXDOMAIN' ? 1 : 2);
  return rank(a.outcome) >= rank(b.outcome) ? a.outcome : b.outcome;
}
