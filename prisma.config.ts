import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { databaseUrl } from './lib/db/url';

// schema.prisma reads env("DATABASE_URL"); without it `prisma generate` falls back to downloading
// a native engine, which fails offline. Default it here so a fresh `npm install` works.
process.env.DATABASE_URL ||= databaseUrl();

// Prisma 6.19 with the JS engine and the libSQL adapter runs migrations offline
// (Prisma 7's CLI downloads a native schema engine at run time).
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    return new PrismaLibSQL({ url: databaseUrl() });
  },
});
