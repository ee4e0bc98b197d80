/**
 * Reverse DNS for the ptr mechanism and the %{p} macro (RFC 7208 §5.5, §7.3): PTR names of the
 * client IP, each forward-confirmed. Memoised per check_host() run; DNS errors never abort here,
 * they only mean "no name" (§5.5).
 */
import { reverseName } from '../../dns/ip';
import type { DnsResolver } from '../../dns/resolver';
import type { DnsAnswer } from '../../dns/types';
import { inNetwork } from './cidr';
import { validTargetName } from './fetch';

export class ReverseNames {
  private answer?: Promise<DnsAnswer>;
  private confirmed = new Map<string, Promise<boolean>>();

  constructor(private readonly dns: DnsResolver, private readonly ip: string, private readonly version: 4 | 6, private readonly maxNames: number) {}

  /** The PTR answer itself (the ptr mechanism counts an empty one as a void lookup). */
  lookup(): Promise<DnsAnswer> {
    return (this.answer ??= this.dns.query(reverseName(this.ip), 'PTR'));
  }

  /** PTR names, at most `maxNames` of them (RFC 7208 §4.6.4), lower case, no trailing dot. */
  async names(): Promise<string[]> {
    const a = await this.lookup();
    if (a.outcome !== 'NOERROR') return [];
    return a.records.slice(0, this.maxNames).map((r) => (r.data as string).replace(/\.$/, '').toLowerCase());
  }

  /** One of the name's addresses is the client IP. */
  confirms(name: string): Promise<boolean> {
    let p = this.confirmed.get(name);
    if (!p) {
      p = validTargetName(name)
        ? Promise.resolve(false)
        : this.dns.query(name, this.version === 4 ? 'A' : 'AAAA').then((a) =>
            a.outcome === 'NOERROR' && a.records.some((r) => inNetwork(this.ip, r.data as string, this.version === 4 ? 32 : 128)),
          );
      this.confirmed.set(name, p);
    }
    return p;
  }

  /** ptr:<target>: a confirmed name equal to or below the target. Candidates are confirmed together. */
  async matches(target: string): Promise<boolean> {
    const candidates = (await this.names()).filter((n) => n === target || n.endsWith(`.${target}`));
    return (await Promise.all(candidates.map((n) => this.confirms(n)))).some(Boolean);
  }

  /** %{p}: the domain itself if confirmed, else a confirmed subdomain, else any confirmed name, else "unknown". */
  async validatedName(domain: string): Promise<string> {
    const names = await this.names();
    const ok = await Promise.all(names.map((n) => this.confirms(n)));
    const valid = names.filter((_, i) => ok[i]);
    const d = domain.toLowerCase();
    return valid.find((n) => n === d) ?? valid.find((n) => n.endsWith(`.${d}`)) ?? valid[0] ?? 'unknown';
  }
}
