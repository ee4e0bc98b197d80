import { deleteExpiredTestAddresses } from '../db/test-addresses';
import { inboundConfigFromEnv, testAddressTtlHours } from './config';
import { startInboundServer, type InboundServer } from './server';
import { sharedContentJobs } from './content-jobs';

// Next's dev server re-evaluates modules; the listener must still be started only once per process.
const g = globalThis as unknown as { __mxrayInbound?: Promise<InboundServer> };

const HOUR = 3_600_000;

/**
 * Starts the listener from the environment (SMTP_PORT, SMTP_HOST, MXRAY_MAIL_DOMAIN, …) once per
 * process, and prunes test addresses that expired unused every hour.
 */
export function startConfiguredListener(log: (line: string) => void = (l) => process.stdout.write(`mxray: ${l}\n`)): Promise<InboundServer> {
  g.__mxrayInbound ??= (async () => {
    const cfg = inboundConfigFromEnv();
    testAddressTtlHours(); // refuse a bad TTL now rather than when the first address is created
    const server = await startInboundServer(cfg);
    log(`SMTP listener on ${cfg.host}:${server.port} accepting mail for t-<token>@${server.mailDomain} (max ${cfg.maxBytes} bytes)`);
    const prune = () => deleteExpiredTestAddresses().catch((e: unknown) => log(`could not prune expired test addresses: ${e instanceof Error ? e.message : String(e)}`));
    setInterval(prune, HOUR).unref();
    // Test messages stored before a restart whose content checks had not finished.
    void sharedContentJobs().resume().then((n) => n && log(`resuming content checks of ${n} received message(s)`), (e: unknown) => log(`could not resume content checks: ${e instanceof Error ? e.message : String(e)}`));
    return server;
  })();
  g.__mxrayInbound.catch(() => {
    g.__mxrayInbound = undefined; // a later call may retry (e.g. after the port was freed)
  });
  return g.__mxrayInbound;
}
