/**
 * A second baseline for the SMTP benchmark: the bare smtp-server sink plus mxray's durable group
 * commit, and nothing else (no verification, a tiny row per message). The gap between this and the
 * bare sink is what answering 250 only after a durable commit costs on this machine; the gap between
 * this and mxray's listener is what verification costs.
 */
import { SMTPServer } from 'smtp-server';
import { sharedReportWriter } from '../../lib/inbound/report-writer';

const port = Number(process.env.SMTP_PORT);
const writer = sharedReportWriter();
const server = new SMTPServer({
  disableReverseLookup: true,
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  maxClients: 1000,
  onData(stream, _session, callback) {
    let size = 0;
    stream.on('data', (chunk: Buffer) => (size += chunk.length));
    stream.on('end', () => {
      writer.write({ subject: 'bench', status: 'info', payload: { size }, tokens: [], receivedAt: new Date() }).then(
        () => callback(),
        (e: Error) => callback(e),
      );
    });
  },
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
