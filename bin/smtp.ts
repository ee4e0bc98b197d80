/**
 * Runs the test-address SMTP listener on its own (`node dist/smtp.mjs`, or `npx tsx bin/smtp.ts`
 * from the sources), for benchmarks and for deployments that keep it apart from the dashboard
 * (then start the app with MXRAY_SMTP_DISABLE=1).
 * Configuration is the app's: SMTP_PORT, SMTP_HOST, MXRAY_MAIL_DOMAIN, DATABASE_URL, ….
 */
import { startConfiguredListener } from '../lib/inbound/start';
import { logger } from '../lib/ops/log';
import { gracefulStop, shutdownGraceMs } from '../lib/ops/shutdown';
import { startRetentionSweeper } from '../lib/retention/sweeper';

let graceMs: number;
try {
  graceMs = shutdownGraceMs(); // a bad value stops the start, not the stop
} catch (e) {
  process.stderr.write(`mxray smtp: ${(e as Error).message}\n`);
  process.exit(2);
}

startConfiguredListener().then(
  () => {
    // Run apart from the dashboard, the listener keeps the database's retention itself.
    startRetentionSweeper();
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143); // a second signal: now
      stopping = true;
      void gracefulStop({ reason: signal, graceMs }).then((r) => {
        logger().info({ event: 'stop', reason: r.reason, ms: r.ms, cutOff: r.cutOff.length ? r.cutOff : undefined }, 'mxray smtp stopped');
        process.exit(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (e: unknown) => {
    process.stderr.write(`mxray smtp: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
