import { defineConfig } from 'vitest/config';
import path from 'node:path';

// End-to-end suites: real Chromium, swaks, Postfix + OpenDKIM. Run one file at a time: they start servers.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
