/** One line of the benchmark table: what was measured, the figure, the target, and whether it was met. */
export interface Row {
  bench: string;
  measure: string;
  value: string;
  target: string;
  ok: boolean | null;
}
