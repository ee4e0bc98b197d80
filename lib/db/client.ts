import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/client';
import { databaseUrl } from './url';

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const g = globalThis as unknown as { __mxrayPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!g.__mxrayPrisma) {
    g.__mxrayPrisma = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl() }) });
  }
  return g.__mxrayPrisma;
}

export async function closeDb(): Promise<void> {
  if (g.__mxrayPrisma) {
    await g.__mxrayPrisma.$disconnect();
    g.__mxrayPrisma = undefined;
  }
}
