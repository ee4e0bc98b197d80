/**
 * Next.js instrumentation hook: runs once when the server starts. The test-address SMTP listener
 * starts here, in the Node.js runtime only, so `npm start` brings up dashboard and listener together.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` may load this hook in its workers; a build must not bind port 25.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Expired reports and message bodies go by themselves (MXRAY_REPORT_TTL_DAYS, MXRAY_BODY_TTL_DAYS).
  const { startRetentionSweeper } = await import('./lib/retention/sweeper');
  startRetentionSweeper();
  // Content checks: spamd takes seconds to load its rules; start it now, not on the first message.
  const { logger } = await import('./lib/ops/log');
  const { UNAVAILABLE, sharedSpamd } = await import('./lib/content/spamassassin');
  logger().info({ event: 'content-checks', spamd: !!sharedSpamd().program }, sharedSpamd().program ? 'SpamAssassin (spamd, local rules only) started for content checks' : UNAVAILABLE);
  const { inboundDisabled } = await import('./lib/inbound/config');
  if (inboundDisabled()) return;
  const { startConfiguredListener } = await import('./lib/inbound/start');
  try {
    await startConfiguredListener((line) => logger().info({ event: 'smtp-listener' }, line));
  } catch (e) {
    // The dashboard stays useful without the listener; say loudly what is missing and why.
    console.error(`mxray: the SMTP listener did not start, test addresses will not receive mail: ${e instanceof Error ? e.message : String(e)}`);
  }
}
