/**
 * Runs the test-address SMTP listener on its own (`npx tsx bin/smtp.ts`), for benchmarks and for
 * deployments that keep it apart from the dashboard (then start the app with MXRAY_SMTP_DISABLE=1).
 * Configuration is the app's: SMTP_PORT, SMTP_HOST, MXRAY_MAIL_DOMAIN, DATABASE_URL, ….
 */
import { startConfiguredListener } from '../lib/inbound/start';
import { closeDb } from '../lib/db/client';
import { startRetentionSweeper } from '../lib/retention/sweeper';

startConfiguredListener().then(
  (server) => {
    // Run apart from the dashboard, the listener keeps the database's retention itself.
    startRetentionSweeper();
    const stop = () => {
      void server.close().then(closeDb).finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (e: unknown) => {
    process.stderr.write(`mxray smtp: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
