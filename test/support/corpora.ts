import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The shared public test corpora: `../shared/corpora` beside the repository (where CI puts it),
 * or MXRAY_CORPORA. Never an absolute path of one machine.
 */
export const CORPORA = process.env.MXRAY_CORPORA ?? fileURLToPath(new URL('../../../shared/corpora', import.meta.url));

export function corpus(...parts: string[]): string {
  return path.join(CORPORA, ...parts);
}
