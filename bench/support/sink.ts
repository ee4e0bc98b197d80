/**
 * The SMTP server the bench's baseline sinks share: smtp-server with the same options as mxray's
 * listener, on SMTP_PORT, stopped by SIGTERM. Each sink supplies only what it does with a message.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export function startSink(onData: NonNullable<SMTPServerOptions['onData']>): void {
  const server = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 1000,
    onData,
  });
  server.listen(Number(process.env.SMTP_PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
