/** A UTC time a reader in any zone can compare: "25 Nov 2026, 12:00:05 UTC". Server-rendered, so no hydration mismatch. */
export function formatUtc(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toLocaleString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })} UTC`;
}

export function TimeStamp({ at }: { at: string | Date }) {
  const iso = typeof at === 'string' ? at : at.toISOString();
  return <time dateTime={iso}>{formatUtc(iso)}</time>;
}
