/**
 * SQLite allows one writer at a time. When the dashboard and a separately run listener share the
 * file, a write can find it locked (SQLITE_BUSY, which Prisma's libSQL adapter reports as P1008
 * "Operation has timed out"). A short wait usually clears it; only then is the sender told 451.
 */
const DELAYS_MS = [25, 75, 200, 500, 1200];

function isBusy(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'P1008' || err?.code === 'SQLITE_BUSY' || /SQLITE_BUSY|database is locked|Operation has timed out/i.test(err?.message ?? '');
}

export async function withBusyRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const delay = DELAYS_MS[attempt];
      if (delay === undefined || !isBusy(e)) throw e;
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    }
  }
}
