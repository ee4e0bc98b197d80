import { parse, type Io } from '../args';
import { USAGE } from '../usage';
import { exitCodeFor, formatCheck } from '../print';
import { worst } from '../../checks/types';
import { runDomainCheck } from '../../report/domain-check';
import { deliverabilityOf } from '../../report/deliverability';
import { formatDeliverability } from '../print-deliverability';

export const usage = USAGE['check'];

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    ip: { type: 'string' },
    selector: { type: 'string', multiple: true },
    helo: { type: 'string' },
    sender: { type: 'string' },
    json: { type: 'boolean' },
    probe: { type: 'boolean' },
    'one-to-one': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new (await import('../args')).UsageError(`expected one domain\nusage: ${usage}`);
  const report = await runDomainCheck({ domain: positionals[0]!, ip: values.ip, selectors: values.selector, helo: values.helo, sender: values.sender });
  // --probe: also connect to each MX host (banner, STARTTLS, certificate, and the DANE match against
  // its TLSA records), which the domain check never does. Loaded only when asked.
  if (values.probe) {
    const [{ checkSmtpProbe }, { runCheck }, { createCheckContext }] = await Promise.all([import('../../checks/smtp-probe'), import('../../checks/run'), import('../../report/context')]);
    report.checks.push(await runCheck('smtp', `SMTP servers of ${report.domain}`, createCheckContext(), (ctx) => checkSmtpProbe(ctx, { host: report.domain })));
    report.status = worst(report.checks.map((c) => c.status));
  }
  const { score, providers } = deliverabilityOf({ domain: report }, values['one-to-one'] ? 'one-to-one' : 'bulk');
  if (values.json) {
    io.out(JSON.stringify({ ...report, score, providers }, null, 2));
  } else {
    io.out(`mxray check ${report.domain}${report.domainInput ? ` (punycode of ${report.domainInput})` : ''}${report.ip ? ` from ${report.ip}` : ''} — ${report.takenAt}`);
    if (report.notice) io.out(`\n!! ${report.notice.message}\n`);
    for (const c of report.checks) io.out(formatCheck(c, io.color));
    io.out(formatDeliverability({ score, providers, senders: values['one-to-one'] ? 'one-to-one' : 'bulk' }, io.color));
    io.out(`\n${report.dns.queries} DNS queries to ${report.dns.servers.join(', ')} in ${report.ms} ms`);
  }
  return exitCodeFor(report.checks.map((c) => c.status));
}
