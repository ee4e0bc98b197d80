import type { Io } from '../args';

export const usage = 'mxray dnsbl (not implemented yet)';

export async function run(_argv: string[], io: Io): Promise<number> {
  io.err('mxray dnsbl: not implemented yet');
  return 2;
}
