import { UsageError, type Io } from './args';
import { USAGE, type CommandName } from './usage';
import { version } from '../ops/version';

type Command = { usage: string; run: (argv: string[], io: Io) => Promise<number> };

// Each command lives in its own file and is loaded only when used: `--help`, `--version` and a
// typo load none of them, and `mxray check` does not pay for the message analyser.
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
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
    io.out(`mxray ${version} — email deliverability diagnostics\n\n${Object.values(USAGE).map((u) => `  ${u}`).join('\n')}\n\nExit codes: 0 nothing failed, 1 a check failed, 2 usage error.`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(version);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
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
    // Loaded here, not at the top: the module pulls in every check.
    if (e instanceof (await import('../report/domain-check')).InputError) {
      io.err(`mxray ${name}: ${e.message}`);
      return 2;
    }
    // Configuration problems (bad MXRAY_DNS_SERVERS, ...) are the user's to fix: one line, no stack.
    io.err(`mxray ${name}: ${(e as Error).message}`);
    return 2;
  }
}

/** The whole process: real stdin/stdout, exit code. bin/mxray calls this from the compiled bundle. */
export function runProcess(argv: string[]): void {
  const io: Io = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    stdin: readStdin,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
  main(argv, io).then(
    (code) => {
      // Let stdout drain before exiting (a pipe to `head` or a file would lose the tail).
      process.exitCode = code;
      if (process.stdout.writableLength === 0) process.exit(code);
      else process.stdout.once('drain', () => process.exit(code));
    },
    (e) => {
      process.stderr.write(`mxray: ${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}

// `tsx lib/cli/main.ts …` during development runs the sources directly.
const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-3).join('/'));
if (isEntry) runProcess(process.argv.slice(2));
