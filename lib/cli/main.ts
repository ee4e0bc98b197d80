import { UsageError, type Io } from './args';
import { InputError } from '../report/domain-check';

type Command = { usage: string; run: (argv: string[], io: Io) => Promise<number> };

// Each command lives in its own file and is loaded only when used.
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: () => import('./commands/check'),
  spf: () => import('./commands/spf'),
  dnsbl: () => import('./commands/dnsbl'),
  'smtp-probe': () => import('./commands/smtp-probe'),
  analyze: () => import('./commands/analyze'),
};

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const all = await Promise.all(Object.values(COMMANDS).map((l) => l()));
    io.out(`mxray — email deliverability diagnostics\n\n${all.map((c) => `  ${c.usage}`).join('\n')}\n\nExit codes: 0 nothing failed, 1 a check failed, 2 usage error.`);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`mxray: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mxray ${name}: ${e.message}\nusage: ${command.usage}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`mxray ${name}: ${e.message}`);
      return 2;
    }
    // Configuration problems (bad MXRAY_DNS_SERVERS, ...) are the user's to fix: one line, no stack.
    io.err(`mxray ${name}: ${(e as Error).message}`);
    return 2;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-3).join('/'));
if (isEntry) {
  const io: Io = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    stdin: readStdin,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
  main(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`mxray: ${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}
