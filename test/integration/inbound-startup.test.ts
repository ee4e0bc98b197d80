/**
 * The listener starts with the app through Next's instrumentation hook: only in the Node.js
 * runtime, only once per process, not when MXRAY_SMTP_DISABLE=1, and a busy port leaves the
 * dashboard running with a clear log line instead of crashing it.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDatabase, type TempDatabase } from '../support/temp-db';
import { SmtpDialog } from '../support/smtp-dialog';
import type { InboundServer } from '@/lib/inbound/server';

const g = globalThis as unknown as { __mxrayInbound?: Promise<InboundServer> };
const saved = { ...process.env };
let db: TempDatabase;

beforeAll(async () => {
  db = await useTempDatabase('mxray-inbound-start-');
});
afterEach(async () => {
  const running = g.__mxrayInbound;
  g.__mxrayInbound = undefined;
  if (running) await (await running.catch(() => undefined))?.close();
  for (const k of ['NEXT_RUNTIME', 'NEXT_PHASE', 'MXRAY_SMTP_DISABLE', 'SMTP_PORT', 'SMTP_HOST']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  vi.restoreAllMocks();
});
afterAll(async () => {
  const { closeDb } = await import('@/lib/db/client');
  await closeDb();
  db.remove();
});

describe('instrumentation register()', () => {
  it('does nothing outside the Node.js runtime, during a build, or with MXRAY_SMTP_DISABLE=1', async () => {
    const { register } = await import('@/instrumentation');
    process.env.SMTP_PORT = '0';
    delete process.env.NEXT_RUNTIME;
    await register();
    process.env.NEXT_RUNTIME = 'edge';
    await register();
    process.env.NEXT_RUNTIME = 'nodejs';
    process.env.NEXT_PHASE = 'phase-production-build';
    await register();
    delete process.env.NEXT_PHASE;
    process.env.MXRAY_SMTP_DISABLE = '1';
    await register();
    expect(g.__mxrayInbound).toBeUndefined();
  });

  it('starts one listener per process in the Node.js runtime, however often it is called', async () => {
    const { register } = await import('@/instrumentation');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    Object.assign(process.env, { NEXT_RUNTIME: 'nodejs', SMTP_PORT: '0', SMTP_HOST: '127.0.0.1' });
    await register();
    const first = g.__mxrayInbound;
    await register();
    expect(g.__mxrayInbound).toBe(first);
    const server = await first!;
    const c = await SmtpDialog.connect(server.port);
    expect(c.greeting.text).toMatch(/mxray/);
    await c.quit();
  });

  it('keeps the app up and says why when the SMTP port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { register } = await import('@/instrumentation');
      Object.assign(process.env, { NEXT_RUNTIME: 'nodejs', SMTP_PORT: String(port), SMTP_HOST: '127.0.0.1' });
      await expect(register()).resolves.toBeUndefined();
      expect(errors.join('\n')).toMatch(new RegExp(`SMTP listener did not start.*127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      blocker.close();
    }
  });
});
