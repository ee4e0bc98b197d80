/**
 * Baseline for the SMTP benchmark: a bare smtp-server that accepts and discards everything,
 * with the same library and options as mxray's listener. What mxray's listener adds on top of
 * this (verification, storage) is what the benchmark measures.
 */
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.SMTP_PORT);
const server = new SMTPServer({
  disableReverseLookup: true,
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  maxClients: 1000,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => callback());
  },
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
