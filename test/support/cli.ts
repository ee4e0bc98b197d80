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
