import type { DaneData } from '@/lib/checks/dane';
import type { DnssecData } from '@/lib/checks/dnssec';

/** Words for each state, so "not-validated" never reads as "unsigned". */
const STATE_WORDS: Record<string, string> = {
  secure: 'signed, validates',
  insecure: 'not signed',
  bogus: 'BOGUS: validation fails',
  unknown: 'could not tell',
  'not-validated': 'cannot tell (resolver does not validate)',
};

const TONE: Record<string, string> = {
  secure: 'text-emerald-800 dark:text-emerald-300',
  bogus: 'font-semibold text-red-800 dark:text-red-300',
};

function State({ state }: { state: string }) {
  return <span className={TONE[state] ?? ''}>{STATE_WORDS[state] ?? state}</span>;
}

export function isDnssecData(d: unknown): d is DnssecData {
  return !!d && typeof d === 'object' && 'domainState' in d && 'mxHosts' in d;
}

export function isDaneData(d: unknown): d is DaneData {
  return !!d && typeof d === 'object' && 'hosts' in d && Array.isArray((d as DaneData).hosts) && (d as DaneData).hosts.every((h) => 'tlsaName' in h);
}

/** The mail domain and each MX host zone with its DNSSEC state. */
export function DnssecTable({ data }: { data: DnssecData }) {
  const rows = [{ ...data.domainState, role: 'mail domain' }, ...data.mxHosts.map((h) => ({ ...h, role: 'MX host' }))];
  return (
    <table className="mt-2 w-full text-left text-sm">
      <thead className="text-slate-500 dark:text-slate-400">
        <tr><th className="pr-2 font-medium">name</th><th className="pr-2 font-medium">role</th><th className="font-medium">DNSSEC</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.role}-${r.name}`}>
            <td className="pr-2 font-mono break-all">{r.name}</td>
            <td className="pr-2">{r.role}</td>
            <td><State state={r.state} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each MX host's TLSA name, the DNSSEC state of its answer, and the records. */
export function DaneTable({ data }: { data: DaneData }) {
  if (data.hosts.length === 0) return null;
  return (
    <table className="mt-2 w-full text-left text-sm">
      <thead className="text-slate-500 dark:text-slate-400">
        <tr><th className="pr-2 font-medium">TLSA name</th><th className="pr-2 font-medium">DNSSEC</th><th className="font-medium">records</th></tr>
      </thead>
      <tbody>
        {data.hosts.map((h) => (
          <tr key={h.host}>
            <td className="pr-2 font-mono break-all">{h.tlsaName}</td>
            <td className="pr-2"><State state={h.tlsaState === 'insecure' && data.resolver?.validates !== true ? 'not-validated' : h.tlsaState} /></td>
            <td className="font-mono text-xs break-all whitespace-pre-line">
              {h.records.length === 0 ? (h.provider ? `none (${h.provider})` : 'none') : h.records.map((r) => `${r.usage} ${r.selector} ${r.matchingType} ${r.data}${r.problem ? ` (unusable: ${r.problem})` : ''}`).join('\n')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
