import type { Io } from '../args';

export const usage = 'mxray analyze (not implemented yet)';

export async function run(_argv: string[], io: Io): Promise<number> {
  io.err('mxray analyze: not implemented yet');
  return 2;
}
