import type { Io } from '../args';

export const usage = 'mxray smtp-probe (not implemented yet)';

export async function run(_argv: string[], io: Io): Promise<number> {
  io.err('mxray smtp-probe: not implemented yet');
  return 2;
}
