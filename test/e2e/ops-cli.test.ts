/**
 * Issue 13's CLI start-up, measured as a user feels it: whole cold processes of bin/mxray (the
 * compiled bundle; nothing transpiled at run time), median of 5, printed, next to bare `node -e 0`
 * on the same machine. Wall time on a shared machine swings with the load, so the assertions are on
 * CPU time (user + system, from /usr/bin/time), and on what the CLI adds above node's own start.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { root } from './support/app';

const mxray = path.join(root, 'bin', 'mxray');
let dns: TestDnsServer;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['bin/build.mjs', 'bundles'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stdout + build.stderr);
  dns = await new TestDnsServer({
    zone: {
      'example.test': { TXT: ['v=spf1 ip4:192.0.2.25 -all'], MX: [[10, 'mail.example.test']], A: ['192.0.2.25'] },
      'mail.example.test': { A: ['192.0.2.25'] },
      '_dmarc.example.test': { TXT: ['v=DMARC1; p=reject; rua=mailto:d@example.test'] },
    },
  }).start();
});
afterAll(() => dns?.stop());

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Wall and CPU seconds of one whole process (its children included), and what it printed. Not
 * spawnSync: the test DNS server answers from this process, and a blocked event loop would turn
 * every lookup of the measured check into a timeout.
 */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ wall: number; cpu: number; out: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S', cmd, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      const m = /TIME (\S+) (\S+) (\S+)\s*$/.exec(stderr)!;
      resolve({ wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), out: stdout + stderr.slice(0, m.index), status });
    });
  });
}

async function medianOf5(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number }> {
  await timed(cmd, args, env); // warm-up: the page cache, not the process, is what it warms
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await timed(cmd, args, env));
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
}

const fmt = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU`;

describe('CLI start-up', () => {
  it('--help and --version cost little more than starting node itself', async () => {
    const bare = await medianOf5(process.execPath, ['-e', '0']);
    const help = await medianOf5(mxray, ['--help']);
    const version = await medianOf5(mxray, ['--version']);
    expect((await timed(mxray, ['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    process.stderr.write(`CLI cold start, median of 5: node -e 0 ${fmt(bare)}; mxray --help ${fmt(help)}; mxray --version ${fmt(version)}\n`);
    // Through tsx, --help cost ~1.9 s of CPU; the bundle adds about 0.1 s to node's own start.
    expect(help.cpu - bare.cpu).toBeLessThan(0.3);
    expect(version.cpu - bare.cpu).toBeLessThan(0.3);
  });

  it('mxray check at zero DNS latency costs start-up plus the check', async () => {
    const env = { ...process.env, MXRAY_DNS_SERVERS: dns.address };
    const one = await timed(mxray, ['check', 'example.test', '--json'], env);
    expect(one.status, one.out).toBe(0);
    const report = JSON.parse(one.out) as { ms: number; dns: { timeouts: number } };
    const checkMs = report.ms;
    expect(report.dns.timeouts, 'the test DNS server must answer every lookup').toBe(0);
    const bare = await medianOf5(process.execPath, ['-e', '0']);
    const help = await medianOf5(mxray, ['--help']);
    const total = await medianOf5(mxray, ['check', 'example.test', '--json'], env);
    process.stderr.write(`mxray check example.test at zero DNS latency, median of 5: ${fmt(total)} (node -e 0 ${fmt(bare)}, mxray --help ${fmt(help)}, the check itself ${checkMs} ms in-process)\n`);
    // Through tsx a check cost ~1.46 s of CPU; now start-up, the check's modules and the check.
    expect(total.cpu - bare.cpu).toBeLessThan(0.9);
  });
});
