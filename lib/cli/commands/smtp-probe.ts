import { parse, UsageError, type Io } from '../args';
import { USAGE } from '../usage';
import { exitCodeFor, formatCheck } from '../print';
import { checkPort25, type Port25Data } from '../../checks/port25';
import { checkSmtpProbe, type SmtpProbeData } from '../../checks/smtp-probe';
import { createCheckContext } from '../../report/context';
import { checkTarget } from '../../net/guard';
import { InputError } from '../../report/domain-check';
import { smtpProbePort } from '../../smtp/settings';
import { readTargetSpec } from '../../smtp/targets';

export const usage = USAGE['smtp-probe'];

/**
 * `mxray smtp-probe <host>`: banner, EHLO, STARTTLS, certificate and FCrDNS of one SMTP server, or of
 * each MX host (up to five) when <host> is a mail domain.
 * Without a host: can this machine reach port 25 at all (MXRAY_PORT25_TARGETS, default the MX
 * hosts of gmail.com, outlook.com, yahoo.com)? Never sends MAIL FROM.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, port: { type: 'string' }, timeout: { type: 'string' } });
  if (positionals.length > 1) throw new UsageError('expected at most one host');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new UsageError(`--port must be a port number (got "${values.port}")`);
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs < 50 || timeoutMs > 120_000)) throw new UsageError(`--timeout must be milliseconds between 50 and 120000 (got "${values.timeout}")`);
  const ctx = createCheckContext();
  if (positionals.length === 0) {
    const r = await checkPort25(ctx, { port, timeoutMs });
    if (values.json) {
      const d = r.data as Port25Data | undefined;
      io.out(JSON.stringify({ status: r.status, summary: r.summary, timeoutMs: d?.timeoutMs, results: (d?.results ?? []).map(({ probe, ...rest }) => ({ ...rest, ehlo: probe?.ehlo })), findings: r.findings }, null, 2));
    } else {
      io.out(formatCheck(r, io.color));
    }
    return exitCodeFor([r.status]);
  }
  // A malformed host is bad input (exit 2), not a server that "could not be probed".
  const spec = readTargetSpec(positionals[0]!, port ?? smtpProbePort());
  if ('error' in spec) throw new InputError('host', spec.error);
  // A refused address is the user's input, not a server that failed: one sentence, exit 2.
  const literal = spec.ip ? checkTarget(spec.name) : undefined;
  if (literal && !literal.allowed) throw new InputError('host', literal.reason ?? `${spec.name} is not a public address`);
  const r = await checkSmtpProbe(ctx, { host: positionals[0]!, port, timeoutMs });
  const refused = r.findings.find((f) => f.code === 'smtp.private-target');
  if (refused && r.findings.every((f) => f.code === 'smtp.private-target')) throw new InputError('host', refused.detail);
  if (values.json) {
    const d = r.data as SmtpProbeData | undefined;
    io.out(JSON.stringify({ status: r.status, summary: r.summary, ...d, findings: r.findings }, null, 2));
  } else {
    io.out(formatCheck(r, io.color));
    const d = r.data as SmtpProbeData | undefined;
    const servers = [{ name: d?.mxHost ?? d?.host, probe: d?.probe }, ...(d?.others ?? []).map((o) => ({ name: o.mxHost ?? o.host, probe: o.probe }))];
    for (const s of servers) {
      if (s.probe?.extensions.length) io.out(`    EHLO extensions${servers.length > 1 ? ` of ${s.name}` : ''}: ${s.probe.extensions.join(', ')}`);
    }
  }
  return exitCodeFor([r.status]);
}
