import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DnsblZone } from './types';
import { DEFAULT_ZONES } from './zones';
import { registerDnsSecret } from '../../dns/redact';

/**
 * The zone list is configuration, not code:
 *   MXRAY_DNSBL_ZONES_FILE  JSON: an array of zones (added, or replacing a default of the same
 *                           name), or { "replace": bool, "zones": [...], "remove": ["zone", ...] }
 *   MXRAY_DNSBL_DISABLE     comma list of zones to skip
 *   MXRAY_DNSBL_ENABLE      comma list of zones that are off by default to turn on
 *   MXRAY_SPAMHAUS_DQS_KEY  query Spamhaus through its Data Query Service (<key>.zen.dq.spamhaus.net)
 *   MXRAY_DNSBL_TIMEOUT_MS  per-zone deadline (default 3000)
 */
export interface DnsblConfig {
  zones: DnsblZone[];
  deadlineMs: number;
  dqsKey?: string;
}

export class DnsblConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsblConfigError';
  }
}

const zonePattern = /^(?=.{1,200}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)+$/;
const codePattern = /^(\*|\d{1,3}(-\d{1,3})?)(\.(\*|\d{1,3}(-\d{1,3})?)){3}$/;
const kind = z.enum(['listed', 'good', 'neutral', 'refused', 'error']);

const ZoneSchema = z.object({
  zone: z.string().toLowerCase().regex(zonePattern, 'must be a DNS zone name such as bl.example.org'),
  name: z.string().max(80).optional(),
  operator: z.string().max(120).optional(),
  target: z.enum(['ip', 'domain']).default('ip'),
  ipv4: z.boolean().optional(),
  ipv6: z.boolean().optional(),
  list: z.enum(['block', 'allow', 'mixed']).default('block'),
  listingMeans: z.string().max(600).optional(),
  delist: z.string().max(300).optional(),
  scope: z.enum(['address', 'range', 'network']).optional(),
  codes: z.array(z.object({ code: z.string().regex(codePattern, 'must look like 127.0.0.2, 127.0.0.4-7 or 127.0.*.1'), kind, meaning: z.string().max(300) })).max(100).default([]),
  bits: z.array(z.object({ bit: z.number().int().min(1).max(128), kind, meaning: z.string().max(300) })).max(8).optional(),
  unknownCode: kind.optional(),
  refusalAdvice: z.string().max(600).optional(),
  dqs: z.enum(['zen', 'dbl']).optional(),
  testPoints: z.object({ listed: z.string().nullable().optional(), notListed: z.string().nullable().optional() }).optional(),
  enabled: z.boolean().optional(),
  sources: z.array(z.string()).default(['MXRAY_DNSBL_ZONES_FILE']),
});

const FileSchema = z.union([
  z.array(ZoneSchema),
  z.object({ replace: z.boolean().default(false), zones: z.array(ZoneSchema).default([]), remove: z.array(z.string().toLowerCase()).default([]) }),
]);

function fromFile(input: z.infer<typeof ZoneSchema>): DnsblZone {
  return {
    ...input,
    name: input.name ?? input.zone,
    operator: input.operator ?? 'configured in MXRAY_DNSBL_ZONES_FILE',
    ipv4: input.ipv4 ?? input.target === 'ip',
    ipv6: input.ipv6 ?? false,
    listingMeans: input.listingMeans ?? 'Listed in a blocklist configured for this mxray.',
    delist: input.delist ?? '',
  };
}

/** Apply a parsed zones file to a base list (pure, for tests). */
export function applyZonesFile(base: DnsblZone[], raw: unknown, where = 'MXRAY_DNSBL_ZONES_FILE'): DnsblZone[] {
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DnsblConfigError(`${where}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const spec = Array.isArray(parsed.data) ? { replace: false, zones: parsed.data, remove: [] as string[] } : parsed.data;
  const out = new Map<string, DnsblZone>(spec.replace ? [] : base.map((z) => [z.zone, z]));
  for (const r of spec.remove) out.delete(r);
  for (const zone of spec.zones) out.set(zone.zone, fromFile(zone));
  return [...out.values()];
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
}

/**
 * Spamhaus DQS: the same data through Spamhaus's own servers, for resolvers that the public
 * mirrors refuse. Zone names become <key>.zen.dq.spamhaus.net (spamhaus/spamassassin-dqs sh.cf;
 * all DQS zones end in .net, mailcow PR #5349).
 */
export function applyDqsKey(zones: DnsblZone[], key: string): DnsblZone[] {
  return zones.map((z) => (z.dqs ? { ...z, zone: `${key}.${z.dqs}.dq.spamhaus.net`, name: `${z.name} (DQS)` } : z));
}

export function dnsblConfigFromEnv(env: Record<string, string | undefined> = process.env): DnsblConfig {
  let zones = DEFAULT_ZONES;
  const file = env.MXRAY_DNSBL_ZONES_FILE;
  if (file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new DnsblConfigError(`MXRAY_DNSBL_ZONES_FILE: cannot read ${file} as JSON: ${(e as Error).message}`);
    }
    zones = applyZonesFile(zones, raw);
  }
  const enable = new Set(list(env.MXRAY_DNSBL_ENABLE));
  const disable = new Set(list(env.MXRAY_DNSBL_DISABLE));
  zones = zones.filter((z) => !disable.has(z.zone) && (z.enabled !== false || enable.has(z.zone)));
  const key = env.MXRAY_SPAMHAUS_DQS_KEY?.trim();
  if (key) {
    // A key is a single DNS label; anything else would change which zone is queried.
    if (!/^[a-z0-9]{8,63}$/i.test(key)) throw new DnsblConfigError('MXRAY_SPAMHAUS_DQS_KEY must be the key from the Spamhaus DQS portal (letters and digits only).');
    zones = applyDqsKey(zones, key.toLowerCase());
  }
  const rawDeadline = env.MXRAY_DNSBL_TIMEOUT_MS;
  let deadlineMs = 3000;
  if (rawDeadline !== undefined && rawDeadline !== '') {
    deadlineMs = Number(rawDeadline);
    if (!Number.isFinite(deadlineMs) || deadlineMs < 50 || deadlineMs > 30_000) throw new DnsblConfigError(`MXRAY_DNSBL_TIMEOUT_MS must be a number between 50 and 30000 (got "${rawDeadline}")`);
  }
  // The key is the first label of every DQS query name: keep it out of stored DNS traces.
  if (key) registerDnsSecret(key, '<dqs-key>');
  return { zones, deadlineMs: Math.round(deadlineMs), ...(key ? { dqsKey: key } : {}) };
}
