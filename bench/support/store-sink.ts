/**
 * A second baseline for the SMTP benchmark: the bare smtp-server sink plus mxray's durable group
 * commit, and nothing else (no verification, a tiny row per message). The gap between this and the
 * bare sink is what answering 250 only after a durable commit costs on this machine; the gap between
 * this and mxray's listener is what verification costs.
 */
import { sharedReportWriter } from '../../lib/inbound/report-writer';
import { startSink } from './sink';

const writer = sharedReportWriter();
startSink((stream, _session, callback) => {
  let size = 0;
  stream.on('data', (chunk: Buffer) => (size += chunk.length));
  stream.on('end', () => {
    writer.write({ subject: 'bench', status: 'info', payload: { size }, tokens: [], receivedAt: new Date() }).then(
      () => callback(),
      (e: Error) => callback(e),
    );
  });
});
