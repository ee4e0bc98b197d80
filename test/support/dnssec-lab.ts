/**
 * A DNSSEC lab on loopback, built at test time (keys and signatures are minted per run, so nothing
 * committed can expire):
 *  - BIND's `named` serves the zones authoritatively: `secure.test` (signed), `insecure.test`
 *    (unsigned), `bogus.test` (signed, but every signature expired a month ago);
 *  - Debian's `unbound` validates, with trust anchors for the two signed zones and stub zones
 *    pointing at named; a second unbound runs the iterator alone (a resolver that does not validate).
 * Each zone gets the caller's records (e.g. TLSA hashes of a certificate made for the run).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DnsResolver, parseServerList } from '@/lib/dns';
import { freePort } from './net';

export const LAB_ZONES = ['secure.test', 'insecure.test', 'bogus.test'] as const;
export type LabZone = (typeof LAB_ZONES)[number];

const BINARIES = ['/usr/sbin/named', '/usr/sbin/unbound', '/usr/bin/dnssec-keygen', '/usr/bin/dnssec-signzone'];

/** Why the lab cannot run here (a missing Debian package), or undefined when it can. */
export function labUnavailable(): string | undefined {
  const missing = BINARIES.filter((b) => !existsSync(b));
  return missing.length ? `DNSSEC lab skipped: ${missing.join(', ')} missing (apt-get install bind9 bind9-utils unbound)` : undefined;
}

export interface DnssecLab {
  /** host:port of the validating unbound. */
  validating: string;
  /** host:port of the unbound that only iterates (sets no AD, never fails validation). */
  nonValidating: string;
  /** host:port of named itself. */
  authoritative: string;
  stop(): Promise<void>;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function zoneText(zone: string, records: string[]): string {
  return [
    `$TTL 300`,
    `@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 600 86400 300`,
    `@ IN NS ns.${zone}.`,
    `ns IN A 127.0.0.1`,
    ...records,
    '',
  ].join('\n');
}

function sign(dir: string, zone: string, expired: boolean): string {
  const keyName = execFileSync('/usr/bin/dnssec-keygen', ['-q', '-K', dir, '-a', 'ECDSAP256SHA256', '-f', 'KSK', '-n', 'ZONE', zone], { encoding: 'utf8' }).trim();
  const day = 86_400_000;
  const window = expired ? ['-s', stamp(new Date(Date.now() - 40 * day)), '-e', stamp(new Date(Date.now() - 30 * day))] : [];
  const keyFile = path.join(dir, `${keyName}.key`);
  appendFileSync(path.join(dir, `${zone}.zone`), `$INCLUDE ${keyFile}\n`);
  // -z: the one (KSK-flagged) key signs every RRset; -P: no check that signatures are current.
  execFileSync('/usr/bin/dnssec-signzone', ['-q', '-z', '-P', ...window, '-o', zone, '-f', path.join(dir, `${zone}.signed`), path.join(dir, `${zone}.zone`), keyFile], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  return keyFile;
}

async function waitForDns(address: string, name: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const r = new DnsResolver({ servers: parseServerList(address), timeoutMs: 300, retries: 0, cacheMaxTtlSec: 0 });
    const a = await r.query(name, 'SOA');
    if (a.outcome === 'NOERROR') return;
    if (Date.now() > until) throw new Error(`DNS server ${address} did not answer SOA ${name} in time (${a.outcome})`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

function startProcess(cmd: string, args: string[], log: string[]): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return child;
}

function unboundConf(dir: string, port: number, authPort: number, validate: boolean, anchors: string[]): string {
  return [
    'server:',
    `  interface: 127.0.0.1@${port}`,
    `  port: ${port}`,
    '  do-daemonize: no',
    '  do-ip6: no',
    '  username: ""',
    '  chroot: ""',
    `  directory: "${dir}"`,
    '  pidfile: ""',
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 1',
    '  do-not-query-localhost: no',
    '  qname-minimisation: no',
    // RFC 6761 reserves .test; unbound answers it locally unless told otherwise.
    '  local-zone: "test." nodefault',
    `  module-config: "${validate ? 'validator iterator' : 'iterator'}"`,
    ...(validate ? anchors.map((f) => `  trust-anchor-file: "${f}"`) : []),
    ...LAB_ZONES.flatMap((z) => ['stub-zone:', `  name: "${z}"`, `  stub-addr: 127.0.0.1@${authPort}`]),
    '',
  ].join('\n');
}

/** Build, sign and serve the lab zones; resolves when both resolvers answer. */
export async function startDnssecLab(records: Partial<Record<LabZone, string[]>>): Promise<DnssecLab> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mxray-dnssec-'));
  const log: string[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 3000).unref();
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const z of LAB_ZONES) writeFileSync(path.join(dir, `${z}.zone`), zoneText(z, records[z] ?? []));
    const anchors = [sign(dir, 'secure.test', false), sign(dir, 'bogus.test', true)];
    const [authPort, valPort, iterPort] = [await freePort(), await freePort(), await freePort()];
    const zoneFile = (z: LabZone) => path.join(dir, z === 'insecure.test' ? `${z}.zone` : `${z}.signed`);
    writeFileSync(
      path.join(dir, 'named.conf'),
      [
        'options {',
        `  directory "${dir}";`,
        `  pid-file "${dir}/named.pid";`,
        `  session-keyfile "${dir}/session.key";`,
        `  listen-on port ${authPort} { 127.0.0.1; };`,
        '  listen-on-v6 { none; };',
        '  recursion no;',
        '  dnssec-validation no;',
        '  allow-query { any; };',
        '};',
        ...LAB_ZONES.map((z) => `zone "${z}" { type primary; file "${zoneFile(z)}"; };`),
        '',
      ].join('\n'),
    );
    children.push(startProcess('/usr/sbin/named', ['-g', '-c', path.join(dir, 'named.conf')], log));
    writeFileSync(path.join(dir, 'validating.conf'), unboundConf(dir, valPort, authPort, true, anchors));
    writeFileSync(path.join(dir, 'iterating.conf'), unboundConf(dir, iterPort, authPort, false, anchors));
    const authoritative = `127.0.0.1:${authPort}`;
    await waitForDns(authoritative, 'secure.test');
    children.push(startProcess('/usr/sbin/unbound', ['-d', '-c', path.join(dir, 'validating.conf')], log));
    children.push(startProcess('/usr/sbin/unbound', ['-d', '-c', path.join(dir, 'iterating.conf')], log));
    const validating = `127.0.0.1:${valPort}`;
    const nonValidating = `127.0.0.1:${iterPort}`;
    await Promise.all([waitForDns(validating, 'secure.test'), waitForDns(nonValidating, 'secure.test')]);
    return { validating, nonValidating, authoritative, stop };
  } catch (e) {
    const files = existsSync(dir) ? readdirSync(dir).join(' ') : '';
    await stop();
    throw new Error(`${(e as Error).message}\nfiles: ${files}\n${log.join('').slice(-3000)}`);
  }
}
