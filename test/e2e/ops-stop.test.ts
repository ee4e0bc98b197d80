/**
 * Issue 13's stop: SIGTERM to `npm start` (npm itself, as systemd or a shell's kill would) stops
 * the whole tree within the grace period. In-flight work finishes: an HTTP request answers, an SMTP
 * message completed after the signal is answered 250 only once stored, a session still mid-DATA at
 * the end of the grace gets 421. Both ports are free afterwards and the server process is gone.
 */
import Database from 'libsql';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { SmtpDialog } from '../support/smtp-dialog';
import { root } from './support/app';
import { alive, logLines, portFree, serve, type Served } from './support/served';

const GRACE_MS = 4000;
let dns: TestDnsServer;
const started: Served[] = [];

beforeAll(async () => {
  // Each DNS answer waits, so a domain check is still running when the signal comes.
  dns = await new TestDnsServer({ latencyMs: 600, zone: { 'example.test': { TXT: ['v=spf1 -all'], MX: [[10, 'mail.example.test']] }, 'mail.example.test': { A: ['192.0.2.25'] } } }).start();
});
afterAll(async () => {
  for (const s of started) s.cleanup();
  await dns?.stop();
});

async function testAddress(s: Served): Promise<string> {
  const r = await fetch(`${s.url}/api/test-addresses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(r.status).toBe(201);
  return ((await r.json()) as { address: string }).address;
}

/** A session that has sent its envelope and the first half of a message. */
async function midData(port: number, to: string): Promise<SmtpDialog> {
  const c = await SmtpDialog.connect(port, '127.0.0.1', 30_000);
  expect((await c.command('EHLO sender.example.test')).code).toBe(250);
  expect((await c.command('MAIL FROM:<alice@example.test>')).code).toBe(250);
  expect((await c.command(`RCPT TO:<${to}>`)).code).toBe(250);
  expect((await c.command('DATA')).code).toBe(354);
  c.write('From: alice@example.test\r\nTo: <' + to + '>\r\nSubject: in flight at shutdown\r\n');
  return c;
}

async function waitUntil(what: string, ok: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('stopping mxray', () => {
  it('SIGTERM to npm: in-flight work finishes or gets 421, ports freed, no process left, exit 0', async () => {
    const s = await serve({ how: 'npm start', dnsAddress: dns.address, env: { MXRAY_SHUTDOWN_GRACE_MS: String(GRACE_MS) } });
    started.push(s);
    const address = await testAddress(s);
    const finishing = await midData(s.smtpPort, address);
    const stalled = await midData(s.smtpPort, address);
    const check = fetch(`${s.url}/api/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: 'example.test' }) });
    await new Promise((r) => setTimeout(r, 300)); // the check is waiting on DNS now

    const signalled = Date.now();
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    finishing.write('\r\nBody finished after the signal.\r\n.\r\n');
    const [finished, cutOff, checked] = await Promise.all([finishing.reply(), stalled.reply(), check]);

    // The in-flight HTTP request got its answer.
    expect(checked.status).toBe(201);
    // A 250 only for a stored message; 421 tells the sender to retry.
    expect([250, 421]).toContain(finished.code);
    const stalledAfter = Date.now() - signalled;
    expect(cutOff.code).toBe(421);
    expect(stalledAfter).toBeGreaterThanOrEqual(GRACE_MS - 500);

    const code = await s.exited;
    const stoppedAfter = Date.now() - signalled;
    expect(code).toBe(0);
    expect(stoppedAfter).toBeLessThan(GRACE_MS + 5000);
    expect(alive(s.serverPid)).toBe(false);
    expect(await portFree(s.httpPort)).toBe(true);
    expect(await portFree(s.smtpPort)).toBe(true);

    if (finished.code === 250) {
      const id = /report (\S+)/.exec(finished.text)?.[1];
      const conn = new Database(s.dbFile);
      const row = conn.prepare('SELECT "kind" FROM "Report" WHERE "id" = ?').get(id) as { kind: string } | undefined;
      conn.close();
      expect(row?.kind).toBe('inbound');
    }
    const events = logLines(s.output()).filter((l) => l.event === 'start' || l.event === 'stop');
    expect(events.map((e) => [e.event, e.reason])).toEqual([['start', 'started'], ['stop', 'SIGTERM']]);
    process.stderr.write(`npm start stopped ${stoppedAfter} ms after SIGTERM (grace ${GRACE_MS} ms); in-flight message answered ${finished.code}, stalled session ${cutOff.code} after ${stalledAfter} ms\n`);
  }, 300_000);

  it('the compiled server: SIGINT starts the stop, a second signal ends it at once', async () => {
    const build = spawnSync(process.execPath, ['bin/build.mjs'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const s = await serve({ how: 'node dist/server.mjs', dnsAddress: dns.address, env: { MXRAY_SHUTDOWN_GRACE_MS: '60000' } });
    started.push(s);
    const stalled = await midData(s.smtpPort, await testAddress(s));
    const signalled = Date.now();
    s.child.kill('SIGINT');
    // Still draining (the stalled session may take the whole minute), so the HTTP port closes first.
    await waitUntil('the HTTP port to close', () => portFree(s.httpPort), 10_000);
    expect(alive(s.serverPid)).toBe(true);
    await new Promise((r) => setTimeout(r, 1200)); // later than the duplicate-signal window
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(143);
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(await portFree(s.smtpPort)).toBe(true);
    await stalled.quit();
    const stops = logLines(s.output()).filter((l) => l.event === 'stop');
    expect(stops.map((e) => e.reason)).toEqual(['second SIGTERM']);
  }, 300_000);
});
