import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { TestDnsServer, Zone } from '../support/dns-server';
import { useTestDns } from '../support/check-context';

/** A fresh SQLite file with the project's migrations applied, for tests that store reports. */
export async function useTempDatabase(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-api-'));
  const file = path.join(dir, 'test.db');
  process.env.DATABASE_URL = `file:${file}`;
  const { db, closeDb } = await import('@/lib/db/client');
  const migrations = path.resolve(__dirname, '../../prisma/migrations');
  for (const m of fs.readdirSync(migrations).filter((d) => fs.statSync(path.join(migrations, d)).isDirectory()).sort()) {
    const sql = fs.readFileSync(path.join(migrations, m, 'migration.sql'), 'utf8');
    for (const stmt of sql.split(/;\s*\n/).map((s) => s.replace(/^--.*$/gm, '').trim()).filter(Boolean)) {
      await db().$executeRawUnsafe(stmt);
    }
  }
  return {
    file,
    cleanup: async () => {
      await closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let n = 0;
/** A distinct client address per call, so tests do not share rate-limit buckets unless they mean to. */
export function nextClientIp(): string {
  n++;
  return `198.51.100.${(n % 250) + 1}`;
}

export function jsonRequest(url: string, body: unknown, init: { method?: string; ip?: string; headers?: Record<string, string> } = {}): Request {
  return new Request(`http://localhost${url}`, {
    method: init.method ?? 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-forwarded-for': init.ip ?? nextClientIp(), ...init.headers },
  });
}

export function getRequest(url: string, init: { method?: string; ip?: string; headers?: Record<string, string> } = {}): Request {
  return new Request(`http://localhost${url}`, { method: init.method ?? 'GET', headers: { 'x-forwarded-for': init.ip ?? nextClientIp(), ...init.headers } });
}

export const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

/**
 * What API tests share: a test DNS server with `zone` that mxray is pointed at, and a fresh SQLite
 * file. Registers the file's beforeAll/afterAll; `dns()` is the running server.
 */
export function useApiFixtures(zone: Zone): { dns: () => TestDnsServer } {
  const dns = useTestDns(zone);
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    process.env.MXRAY_DNS_SERVERS = dns().address;
    process.env.MXRAY_DNS_TIMEOUT_MS = '500';
    ({ cleanup } = await useTempDatabase());
  });
  afterAll(() => cleanup?.());
  return { dns };
}
