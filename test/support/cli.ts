import { main } from '@/lib/cli/main';
import type { Io } from '@/lib/cli/args';

/** Runs `mxray <argv…>` in-process with captured output and an empty stdin. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), stdin: async () => Buffer.alloc(0), color: false };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Sets environment variables for a CLI run (the CLI reads its settings there); returns the undo. */
export function setEnv(vars: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
