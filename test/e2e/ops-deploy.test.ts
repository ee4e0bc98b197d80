/**
 * Issue 13's deployment files, checked without a Docker engine: the Dockerfile passes dockerfilelint,
 * compose.yaml passes dclint (which validates it against the Compose specification's schema first),
 * and the Dockerfile's own RUN, CMD and HEALTHCHECK commands, read from the file, build and start
 * a fresh clone of this commit, which then reports healthy.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { root } from './support/app';
import { alive, portFree, serve, type Served } from './support/served';

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
let dns: TestDnsServer;
let clone = '';
let served: Served | undefined;

beforeAll(async () => {
  dns = await new TestDnsServer({ zone: {} }).start();
});
afterAll(async () => {
  served?.cleanup();
  await dns?.stop();
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

/** A Dockerfile's instructions with continuation lines joined; comments dropped. */
function instructions(text: string): { op: string; args: string; stage: number }[] {
  const out: { op: string; args: string; stage: number }[] = [];
  let stage = -1;
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    if (m[1] === 'FROM') stage++;
    out.push({ op: m[1]!, args: m[2]!.trim(), stage });
  }
  return out;
}

/** `["node", "x"]` (exec form) or a shell line, as argv for spawn. */
function argv(form: string): string[] {
  return form.startsWith('[') ? (JSON.parse(form) as string[]) : ['sh', '-c', form];
}

describe('deployment files', () => {
  it('the Dockerfile passes dockerfilelint', () => {
    const r = spawnSync(bin('dockerfilelint'), ['Dockerfile'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('compose.yaml passes dclint and its Compose schema check; a broken file does not', () => {
    const ok = spawnSync(bin('dclint'), ['compose.yaml'], { cwd: root, encoding: 'utf8' });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-compose-')), 'compose.yaml');
    fs.writeFileSync(broken, fs.readFileSync(path.join(root, 'compose.yaml'), 'utf8').replace('stop_grace_period: 15s', 'stop_grace_period: [15]'));
    const bad = spawnSync(bin('dclint'), [broken], { cwd: root, encoding: 'utf8' });
    fs.rmSync(path.dirname(broken), { recursive: true, force: true });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/schema/i);
  });

  it('the Dockerfile\'s commands build a fresh clone, and the compiled server it starts is healthy', async () => {
    const steps = instructions(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
    const finalStage = Math.max(...steps.map((s) => s.stage));
    const runs = steps.filter((s) => s.op === 'RUN' && s.stage === 0).map((s) => s.args);
    const cmd = steps.find((s) => s.op === 'CMD' && s.stage === finalStage)!.args;
    const health = /CMD\s+(.*)$/.exec(steps.find((s) => s.op === 'HEALTHCHECK')!.args)![1]!;
    expect(runs.length).toBeGreaterThan(0);

    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-clone-'));
    execFileSync('git', ['clone', '--quiet', root, clone]);
    execFileSync('git', ['-C', clone, 'checkout', '--quiet', execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()]);
    // What `npm install` would download, copied to save minutes; the install below still runs.
    execFileSync('cp', ['-a', path.join(root, 'node_modules'), path.join(clone, 'node_modules')]);
    for (const run of runs) {
      const r = spawnSync('sh', ['-c', run], { cwd: clone, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
      expect(r.status, `RUN ${run}\n${(r.stdout + r.stderr).slice(-3000)}`).toBe(0);
    }
    expect(argv(cmd)).toEqual(['node', 'dist/server.mjs']);
    served = await serve({ how: 'node dist/server.mjs', cwd: clone, dnsAddress: dns.address, env: { MXRAY_SMTP_DISABLE: '1' } });
    const [hc, ...hcArgs] = argv(health);
    const check = spawnSync(hc === 'node' ? process.execPath : hc!, hcArgs, { cwd: clone, env: { ...process.env, PORT: String(served.httpPort) }, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const body = (await (await fetch(`${served.url}/api/health`)).json()) as Record<string, string>;
    expect(body).toMatchObject({ status: 'ok', db: 'ok', smtp: 'disabled' });

    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(alive(served.serverPid)).toBe(false);
    expect(await portFree(served.httpPort)).toBe(true);
  }, 900_000);
});
