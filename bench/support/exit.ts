/** Exit only after stdout has drained: process.exit() right after a write truncates piped output. */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
